// swift-tools-version:6.0
// A package of your own that uses LRLab: it adds a callback, a recorder, a data source and a
// model to the `train` command line. Point the URL at wherever you keep LRLab (a git URL with
// version tags).
import PackageDescription

let package = Package(
    name: "mytrain",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/your-org/lrlab.git", from: "0.1.0"),
    ],
    targets: [
        .executableTarget(name: "mytrain", dependencies: [.product(name: "LRLab", package: "lrlab")]),
    ]
)
