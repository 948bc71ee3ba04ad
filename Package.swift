// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "LRLab",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LRLab", targets: ["TensorCore", "NeuralNet", "Datasets", "Training", "Recorders",
                                          "Charts", "CurveAnalysis", "LRFinder", "Experiments", "ArtifactSchema", "TrainCLI"]),
        .library(name: "ArtifactSchema", targets: ["ArtifactSchema"]),
        .library(name: "Report", targets: ["Report"]),
        .executable(name: "train", targets: ["train"]),
        .executable(name: "report", targets: ["report"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // `swift package generate-documentation` (scripts/docs); a command plugin only, no product uses it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
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
        // What the processor offers the C kernels below (AVX-512 or not), read once.
        .target(name: "CProcessorFeatures"),
        // Winograd transforms in C, for AVX-512 code chosen at run time (Swift builds for baseline x86-64).
        .target(name: "CWinograd", dependencies: ["CProcessorFeatures"]),
        // 3x3 stride-2 convolutions from channels-last images, AVX-512 chosen at run time.
        .target(name: "CStridedConvolution", dependencies: ["CProcessorFeatures"]),
        // Batch normalisation loops in C, AVX-512 chosen at run time like CWinograd's.
        .target(name: "CNormalization", dependencies: ["CProcessorFeatures"]),
        // The C heap's settings for large blocks (see TrainCLI's start-up).
        .target(name: "CHeap"),
        .target(name: "TensorCore", dependencies: ["CBLAS", "CWinograd", "CStridedConvolution", "CNormalization"]),
        .target(name: "NeuralNet", dependencies: ["TensorCore", .product(name: "Yams", package: "Yams")]),
        .target(name: "Datasets", dependencies: ["TensorCore", "CZlib", "CDeflate", "CPNG", "CTurboJPEG"]),

        // The run.json and group.json formats, file and column names: Foundation only, for any reader.
        .target(name: "ArtifactSchema"),

        // Training loop, its callbacks and what they record.
        .target(name: "Training", dependencies: ["NeuralNet", "Datasets"]),
        .target(name: "Charts"),
        .target(name: "Recorders", dependencies: ["Training", "Charts", "CurveAnalysis", "ArtifactSchema"]),
        .target(name: "CurveAnalysis", dependencies: ["ArtifactSchema"]),
        // The range test itself: a callback, its settings and what it found.
        .target(name: "LRFinder", dependencies: ["Training", "CurveAnalysis", "ArtifactSchema"]),
        // Experiments built from the parts: range tests with their artifacts, sweeps, fit and fine-tune.
        .target(name: "Experiments", dependencies: ["LRFinder", "Training", "Recorders", "CurveAnalysis", "Charts", "ArtifactSchema"]),

        // Static site from run artifacts on disk (never from training code).
        .target(name: "Report", dependencies: [
            "ArtifactSchema", "Charts", "CCMark", "CurveAnalysis",
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Yams", package: "Yams"),
        ]),

        // The `train` command line as a library (a user's package adds its own extensions to it),
        // and thin command-line front ends.
        .target(name: "TrainCLI", dependencies: [
            "Experiments", "ArtifactSchema", "CHeap", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "train", dependencies: ["TrainCLI"]),
        .executableTarget(name: "report", dependencies: [
            "Report", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // A user-defined callback built on the public API only.
        .executableTarget(name: "custom-callback-example", dependencies: ["Training", "NeuralNet", "Datasets"],
                          path: "Examples/CustomCallback"),

        // What several test targets share: the tiny problems, layers built to expose restore bugs, the
        // callback conformance checker and the Python interpreter of the other tools' readers.
        .target(name: "LRLabTestSupport", dependencies: ["NeuralNet", "Datasets", "Training"], path: "Tests/TestSupport"),

        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet", "LRLabTestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "LRLabTestSupport"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts"]),
        .testTarget(name: "ArtifactSchemaTests", dependencies: ["ArtifactSchema"]),
        .testTarget(name: "RecordersTests", dependencies: ["Recorders", "ArtifactSchema", "LRLabTestSupport"]),
        .testTarget(name: "CurveAnalysisTests", dependencies: ["CurveAnalysis", "ArtifactSchema", "LRLabTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "LRFinderTests", dependencies: ["LRFinder", "LRLabTestSupport"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "LRLabTestSupport", "ArtifactSchema"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "ArtifactSchema", "LRLabTestSupport",
                                                  .product(name: "Mustache", package: "swift-mustache")],
                    exclude: ["Golden"]),
        .testTarget(name: "EndToEndTests", dependencies: ["train", "report", "custom-callback-example", "LRLabTestSupport",
                                                     "CurveAnalysis"]),
    ],
    swiftLanguageModes: [.v6]
)
