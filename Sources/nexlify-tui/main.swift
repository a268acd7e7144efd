import NexlifyTUI

NexlifyCommand.main()
