// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "nexlify-tui",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "nexlify-tui", targets: ["nexlify-tui"]),
        .library(name: "MetricsKit", targets: ["MetricsKit"]),
        .library(name: "AlertKit", targets: ["AlertKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/google/swift-benchmark", from: "0.1.2"),
    ],
    targets: [
        .target(name: "MetricsKit"),
        // libcurl through dlopen: nothing networking is loaded until an alert is sent.
        .target(name: "CCurlLoader", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "AlertKit", dependencies: ["MetricsKit", "CCurlLoader"]),
        .systemLibrary(name: "CNcursesw"),
        // Fatal-signal handlers that give the terminal back (async-signal-safe, so in C).
        .target(name: "CTerminalGuard"),
        // printf for number labels without Swift's boxed va_list (labels are made at every frame).
        .target(name: "CNumberFormat"),
        // Everything the command does lives in the NexlifyTUI library, so tests and benchmarks
        // can use it; the executable is only `main.swift`.
        .target(
            name: "NexlifyTUI",
            dependencies: [
                "MetricsKit",
                "AlertKit",
                "CNcursesw",
                "CTerminalGuard",
                "CNumberFormat",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "nexlify-tui", dependencies: ["NexlifyTUI"], path: "Sources/nexlify-tui"),
        .executableTarget(
            name: "NexlifyBenchmarks",
            dependencies: [
                "MetricsKit",
                "AlertKit",
                "NexlifyTUI",
                "TestSupport",
                .product(name: "Benchmark", package: "swift-benchmark"),
            ]
        ),
        // Every byte parser as a fuzz target, and the libFuzzer driver (scripts/fuzz).
        .target(name: "FuzzTargets", dependencies: ["MetricsKit", "AlertKit", "NexlifyTUI"]),
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "nexlify-fuzz", dependencies: ["FuzzTargets", "CFuzzerDriver"], path: "Sources/nexlify-fuzz"),
        // Helpers the test targets and benchmarks share: the built binary, scratch directories, an HTTP
        // receiver, event files.
        .target(name: "TestSupport", dependencies: ["MetricsKit"], path: "Tests/TestSupport"),
        .testTarget(name: "MetricsKitTests", dependencies: ["MetricsKit", "TestSupport"]),
        .testTarget(name: "AlertKitTests", dependencies: ["AlertKit", "MetricsKit", "TestSupport"]),
        .testTarget(name: "NexlifyTUITests", dependencies: ["NexlifyTUI", "MetricsKit", "AlertKit", "TestSupport", "nexlify-tui", "FuzzTargets"]),
        // Drives the real binary in tmux; run on its own with `swift test --filter NexlifyEndToEndTests`.
        .testTarget(name: "NexlifyEndToEndTests", dependencies: ["TestSupport", "nexlify-tui"]),
    ]
)
