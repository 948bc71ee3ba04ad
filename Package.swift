// swift-tools-version:6.0
import PackageDescription

/// Release builds of the numeric modules drop bounds checks in the hot loops they already guard.
let fastMath: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]

let package = Package(
    name: "LRLab",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "LRLab", targets: ["TensorCore", "NeuralNet", "Datasets", "Training", "Recorders",
                                          "Charts", "CurveAnalysis", "LRFinder"]),
        .library(name: "Report", targets: ["Report"]),
        .executable(name: "train", targets: ["train"]),
        .executable(name: "report", targets: ["report"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // C libraries from Debian packages, found through pkg-config.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CCMark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),

        // Training core.
        .target(name: "TensorCore", dependencies: ["CBLAS"], swiftSettings: fastMath),
        .target(name: "NeuralNet", dependencies: ["TensorCore"], swiftSettings: fastMath),
        .target(name: "Datasets", dependencies: ["TensorCore", "CZlib", "CDeflate", "CPNG", "CTurboJPEG"],
                swiftSettings: fastMath),

        // Training loop, its callbacks and what they record.
        .target(name: "Training", dependencies: ["NeuralNet", "Datasets"], swiftSettings: fastMath),
        .target(name: "Charts"),
        .target(name: "Recorders", dependencies: ["Training", "Charts", "CurveAnalysis"]),
        .target(name: "CurveAnalysis"),
        .target(name: "LRFinder", dependencies: ["Training", "Recorders", "CurveAnalysis", "Charts"],
                swiftSettings: fastMath),

        // Static site from run artifacts on disk (never from training code).
        .target(name: "Report", dependencies: [
            "Charts", "CCMark", "CurveAnalysis",
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Yams", package: "Yams"),
        ]),

        // Thin command-line front ends.
        .executableTarget(name: "train", dependencies: [
            "LRFinder", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: fastMath),
        .executableTarget(name: "report", dependencies: [
            "Report", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // A user-defined callback built on the public API only.
        .executableTarget(name: "custom-callback-example", dependencies: ["Training", "NeuralNet", "Datasets"],
                          path: "Examples/CustomCallback"),

        // Times image-folder loading for bench/image_loading.sh.
        .executableTarget(name: "image-folder-bench", dependencies: ["Datasets"], path: "bench/ImageFolderBench",
                          swiftSettings: fastMath),

        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts"]),
        .testTarget(name: "RecordersTests", dependencies: ["Recorders"]),
        .testTarget(name: "CurveAnalysisTests", dependencies: ["CurveAnalysis"], exclude: ["Fixtures"]),
        .testTarget(name: "LRFinderTests", dependencies: ["LRFinder"]),
        .testTarget(name: "ReportTests", dependencies: ["Report"], exclude: ["Golden"]),
        .testTarget(name: "EndToEndTests", dependencies: ["train", "report", "custom-callback-example"]),
    ],
    swiftLanguageModes: [.v5]
)
