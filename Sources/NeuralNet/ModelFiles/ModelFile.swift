/// A model written as a YAML layer list (see docs/model-files.md), parsed and checked but not yet
/// built: sizes that depend on the data (input channels, features, `classes`) are filled in by
/// `makeModel(for:seed:)`.
///
/// ```yaml
/// groups:
///   - name: body
///     layers:
///       - conv: {out: 16, kernel: 3, padding: 1}
///       - relu
///       - maxpool: 2
///       - flatten
///   - name: head
///     layers:
///       - linear: classes
/// ```
public struct ModelFile: Equatable, Sendable {
    /// The file's name as given to `parse`, named in every error.
    public let file: String
    /// The layer groups in order; a file with a plain `layers:` list has one group, `all`.
    public let groups: [Group]

    /// A named run of layers (`body`, `head`, ...), frozen or given its own learning rate as a
    /// whole.
    public struct Group: Equatable, Sendable {
        public let name: String
        public let layers: [ModelFileLayer]
        public let location: ModelFileLocation
    }

    /// Parses and checks the model file `bytes`, named `fileName` in errors.
    ///
    /// Checks everything that does not depend on the data: YAML syntax, layer kinds, settings
    /// and their types and ranges, group names, state-dict keys. Anchors and aliases are refused,
    /// as are files over `maximumSize` bytes or nested deeper than a model needs, before any YAML
    /// is composed.
    /// - Throws: `ModelFileError` naming the file, line, column and key.
    public static func parse(_ bytes: [UInt8], fileName: String) throws(ModelFileError) -> ModelFile {
        try ModelFileParser(file: fileName).parse(bytes)
    }

    /// The largest model file read, in bytes: far more than any layer list needs.
    public static let maximumSize = 1 << 20
}

/// One layer of a model file, with the settings written for it and where it was written.
public struct ModelFileLayer: Equatable, Sendable {
    /// The kind of layer and its settings.
    public indirect enum Kind: Equatable, Sendable {
        /// `nn.Conv2d`; `inChannels`, when written, must equal the channels coming in.
        case conv(out: Int, kernel: Int, stride: Int, padding: Int, bias: Bool, inChannels: Int?)
        /// `BatchNorm2d` on images, `BatchNorm1d` on features.
        case batchNorm
        case relu
        case maxPool(kernel: Int, stride: Int)
        case avgPool(kernel: Int, stride: Int)
        /// The mean of each channel: `[channels, height, width]` to `[channels]`.
        case globalAvgPool
        case dropout(probability: Float)
        case flatten
        /// `nn.Linear`; `inFeatures`, when written, must equal the features coming in.
        case linear(out: OutputSize, inFeatures: Int?)
        /// A basic residual block (`ResidualBlock`) with a 1x1 projection when the shape changes.
        case basicBlock(out: Int, stride: Int)
        /// `body(x) + shortcut(x)`, the shortcut being the identity when it has no layers.
        case residual(body: [ModelFileLayer], shortcut: [ModelFileLayer])
    }

    /// A layer's output size: a number, or the data's class count.
    public enum OutputSize: Equatable, Sendable {
        case fixed(Int)
        case classes
    }

    public let kind: Kind
    /// The PyTorch `state_dict` key prefix written for the layer (`key: features.0`), or nil for
    /// the default: its index among the model's layers (inside a residual: `body.<index>` or
    /// `shortcut.<index>`, relative to the residual's own key).
    public let key: String?
    /// Where the layer was written (its list item).
    public let location: ModelFileLocation
}
