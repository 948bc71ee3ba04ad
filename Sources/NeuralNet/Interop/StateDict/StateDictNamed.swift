/// How a parameter is stored under its PyTorch `state_dict()` key.
public enum StateDictEncoding: Equatable, Sendable {
    /// F32 values in the parameter's own shape and layout (LRLab's layouts are PyTorch's:
    /// Linear `[out, in]`, Conv2d OIHW).
    case values
    /// A count kept in a one-value tensor, stored as PyTorch's int64 scalar (shape `[]`), as
    /// BatchNorm's `num_batches_tracked`. Optional when loading: a missing count becomes 0, as in
    /// PyTorch's `load_state_dict`.
    case count
}

/// One tensor of a layer under the key PyTorch's `state_dict()` gives it.
public struct StateDictEntry {
    /// The key, relative to the layer that lists the entry (`weight`, `conv1.weight`, ...).
    public let key: String
    /// The parameter or buffer whose value is stored.
    public let parameter: Parameter
    public let encoding: StateDictEncoding

    public init(key: String, parameter: Parameter, encoding: StateDictEncoding = .values) {
        self.key = key
        self.parameter = parameter
        self.encoding = encoding
    }

    /// The same entry under `prefix.key`, for a layer listing the entries of its sub-layers.
    public func prefixed(_ prefix: String) -> StateDictEntry {
        StateDictEntry(key: "\(prefix).\(key)", parameter: parameter, encoding: encoding)
    }

    /// The shape the stored tensor has.
    var storedShape: [Int] { encoding == .count ? [] : parameter.value.shape }
}

/// A layer that names its tensors itself, as its PyTorch module's `state_dict()` does.
///
/// Layers that do not conform are named by default: their parameters then buffers, under each
/// `Parameter.name` (right for Linear and Conv2d, whose names and layouts are PyTorch's). A
/// composite layer conforms and prefixes the entries of its sub-layers with their attribute
/// names, e.g. `StateDict.entries(of: conv1).map { $0.prefixed("conv1") }`; a `Sequential`
/// inside a model then yields keys such as `4.0.conv1.weight`.
public protocol StateDictNamed: Layer {
    /// The layer's tensors with keys relative to the layer, in a fixed order.
    var stateDictEntries: [StateDictEntry] { get }
}

extension Sequential: StateDictNamed {
    /// The entries of every layer under its key prefix: by default its index in the flattened
    /// layer list (over all layer groups), as the equivalent `nn.Sequential` numbers its modules
    /// (for the mlp `1.weight`, `1.bias`, `3.weight`, `3.bias`), else its entry of `stateDictKeys`
    /// (a model file's `key: features.0` gives `features.0.weight`).
    public var stateDictEntries: [StateDictEntry] {
        layers.indices.flatMap { index in stateDictEntries(ofLayer: index) }
    }

    /// The state-dict key prefix of the layer at `index` of `layers`.
    public func stateDictKey(ofLayer index: Int) -> String {
        stateDictKeys?[index] ?? String(index)
    }

    /// The entries of the layer at `index` of `layers`, under its key prefix.
    func stateDictEntries(ofLayer index: Int) -> [StateDictEntry] {
        StateDict.entries(of: layers[index]).map { $0.prefixed(stateDictKey(ofLayer: index)) }
    }
}

extension ResidualBlock: StateDictNamed {
    /// The entries of `conv1`, `bn1`, `conv2`, `bn2` and the projection's `downsample.0` and
    /// `downsample.1`, as torchvision's `BasicBlock` names them.
    public var stateDictEntries: [StateDictEntry] {
        sublayers.flatMap { name, layer in StateDict.entries(of: layer).map { $0.prefixed(name) } }
    }
}

extension Residual: StateDictNamed {
    /// The entries of the body's layers, then the shortcut's, under their keys relative to the
    /// residual (`body.<index>` and `shortcut.<index>` unless given).
    public var stateDictEntries: [StateDictEntry] {
        body.stateDictEntries + (shortcut?.stateDictEntries ?? [])
    }
}

extension BatchNorm: StateDictNamed {
    /// `weight`, `bias`, `running_mean`, `running_var` and `num_batches_tracked` (an int64
    /// scalar), as `nn.BatchNorm1d` and `nn.BatchNorm2d` name them.
    public var stateDictEntries: [StateDictEntry] {
        [StateDictEntry(key: "weight", parameter: weight), StateDictEntry(key: "bias", parameter: bias),
         StateDictEntry(key: "running_mean", parameter: runningMean),
         StateDictEntry(key: "running_var", parameter: runningVariance),
         StateDictEntry(key: "num_batches_tracked", parameter: batchesTracked, encoding: .count)]
    }
}
