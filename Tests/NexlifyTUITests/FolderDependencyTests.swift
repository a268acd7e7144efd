import Foundation
import Testing
import TestSupport

/// Folders depend on each other one way, in every target: `scripts/check-folders` finds no loop
/// in the tree, and does find one when two folders use each other.
@Suite struct FolderDependencyTests {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    private func check(_ targets: [String]) throws -> BinaryRunner.Output {
        try BinaryRunner.run(executable: "/usr/bin/env", ["python3", Self.root + "/scripts/check-folders"] + targets)
    }

    @Test func theTreeHasNoFolderLoops() throws {
        let result = try check([])
        #expect(result.status == 0, "\(result.standardOutput)")
        #expect(result.standardOutput.contains("no folder loops"))
    }

    @Test func twoFoldersThatUseEachOtherAreALoopAndTheUsesAreNamed() throws {
        let scratch = ScratchDirectory()
        scratch.write("Target/Draw/Widget.swift", "/// Uses `Screen` in a comment only.\nstruct Widget { let state: AppState }\n")
        scratch.write("Target/App/AppState.swift", "struct AppState { let widget = \"Widget\" }\nprivate func helper() {}\n")
        scratch.write("Target/Core/Cell.swift", "struct Cell {}\n")
        let clean = try check([scratch.path + "/Target"])
        #expect(clean.status == 0, "a string or a comment naming a type is no use: \(clean.standardOutput)")

        scratch.write("Target/App/AppView.swift", "enum AppView { static func draw(_ widget: Widget, _ cell: Cell) {} }\n")
        let looped = try check([scratch.path + "/Target"])
        #expect(looped.status == 1)
        #expect(looped.standardOutput.contains("folders in a loop: App, Draw"), "\(looped.standardOutput)")
        #expect(looped.standardOutput.contains("App -> Draw: AppView.swift uses Widget"))
        #expect(looped.standardOutput.contains("Draw -> App: Widget.swift uses AppState"))
        #expect(!looped.standardOutput.contains("Core"), "Core is used, not in the loop")
    }
}
