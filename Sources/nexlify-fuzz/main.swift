// The fuzzing driver. Built by `scripts/fuzz` with -sanitize=fuzzer,address and -DFUZZING, it
// hands the target named by its first argument to libFuzzer (the other arguments are
// libFuzzer's). Built normally, it replays files through a target:
//   nexlify-fuzz TARGET FILE_OR_DIRECTORY…
import Foundation
import FuzzTargets
#if FUZZING
import CFuzzerDriver
#endif

var arguments = CommandLine.arguments
guard arguments.count >= 2, let target = FuzzTargets.named(arguments[1]) else {
    let names = FuzzTargets.all.map(\.name).joined(separator: ", ")
    FileHandle.standardError.write(Data("usage: nexlify-fuzz TARGET [libFuzzer options | files]; targets: \(names)\n".utf8))
    exit(2)
}

#if FUZZING
nonisolated(unsafe) var chosen = target
arguments.remove(at: 1)
var argc = Int32(arguments.count)
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = UnsafeMutablePointer.allocate(capacity: arguments.count + 1)
for (index, argument) in arguments.enumerated() { argv![index] = strdup(argument) }
argv![arguments.count] = nil
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    chosen.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
})
#else
var replayed = 0
for path in arguments.dropFirst(2) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
    let files = isDirectory.boolValue ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).map { path + "/" + $0 } : [path]
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else { continue }
        data.withUnsafeBytes(target.run)
        replayed += 1
    }
}
print("\(target.name): \(replayed) inputs replayed")
#endif
