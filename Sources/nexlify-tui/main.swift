import NexlifyTUI

NexlifyCommand.start()
