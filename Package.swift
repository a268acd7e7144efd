// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "nexlify-tui",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "nexlify-tui", targets: ["NexlifyTUI"]),
        .library(name: "MetricsKit", targets: ["MetricsKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/google/swift-benchmark", from: "0.1.2"),
    ],
    targets: [
        .target(name: "MetricsKit"),
        .executableTarget(
            name: "NexlifyTUI",
            dependencies: [
                "MetricsKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "NexlifyBenchmarks",
            dependencies: [
                "MetricsKit",
                .product(name: "Benchmark", package: "swift-benchmark"),
            ]
        ),
        .testTarget(name: "MetricsKitTests", dependencies: ["MetricsKit"]),
        .testTarget(name: "NexlifyTUITests", dependencies: ["NexlifyTUI", "MetricsKit"]),
    ]
)
