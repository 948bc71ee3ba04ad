import TensorCore

/// A model's weights under the names and layouts of the equivalent PyTorch model's
/// `state_dict()`, so that `model.load_state_dict(safetensors.torch.load_file(f))` works in
/// PyTorch and a PyTorch state dict loads into LRLab.
///
/// Keys come from `StateDictNamed` (a `Sequential` numbers its layers over all layer groups, as
/// an `nn.Sequential`); counts are int64 scalars, everything else F32.
public enum StateDict {
    /// The metadata key naming the framework, which Hugging Face's loaders expect to be `pt`.
    public static let formatKey = "format"

    /// The entries of `layer` with keys relative to it (see `StateDictNamed` for the default).
    public static func entries(of layer: any Layer) -> [StateDictEntry] {
        if let named = layer as? any StateDictNamed { return named.stateDictEntries }
        return (layer.parameters + layer.buffers).map { StateDictEntry(key: $0.name, parameter: $0) }
    }

    /// The tensors of `model` by state-dict key.
    public static func export(_ model: any Layer) -> [String: StoredTensor] {
        var tensors: [String: StoredTensor] = [:]
        for entry in entries(of: model) {
            let value = entry.parameter.value
            let stored: StoredTensor
            switch entry.encoding {
            case .values:
                stored = StoredTensor(value)
            case .count:
                precondition(value.count == 1, "the count `\(entry.key)` holds \(value.count) values, not one")
                stored = StoredTensor(shape: [], int64: [Int64(value.storage[0].rounded())])
            }
            precondition(tensors.updateValue(stored, forKey: entry.key) == nil,
                         "the model names two tensors `\(entry.key)`: fix the layer's stateDictEntries")
        }
        return tensors
    }

    /// Writes `model`'s tensors to the safetensors file `path` (atomically) with `metadata`, to
    /// which `format: pt` is added unless it names a format.
    public static func save(_ model: any Layer, metadata: [String: String] = [:],
                            to path: String) throws(SafetensorsError) {
        var metadata = metadata
        if metadata[formatKey] == nil { metadata[formatKey] = "pt" }
        try Safetensors.write(export(model), metadata: metadata, to: path)
    }

    /// Reads the safetensors file `path` and loads it into `model` (see `load(_:into:source:)`);
    /// returns the file, for its metadata.
    @discardableResult
    public static func load(from path: String, into model: any Layer) throws -> Safetensors {
        let file = try Safetensors.read(path)
        try load(file.tensors, into: model, source: path)
        return file
    }

    /// Puts `tensors` into `model`'s parameters and buffers.
    ///
    /// Everything is checked first, so a failed load changes nothing: the error lists every
    /// missing, unexpected and wrongly shaped tensor. Floating values of any stored type are
    /// converted to `Float`; a count may be missing (it becomes 0, as in PyTorch).
    public static func load(_ tensors: [String: StoredTensor], into model: any Layer,
                            source: String = "the state dict") throws(StateDictError) {
        try load(tensors, entries: entries(of: model), ignoring: { _ in false }, source: source)
    }

    /// Puts the tensors of the layer groups `onlyGroups` into `model` and leaves the other groups
    /// alone, for fine-tuning saved weights under a new head: saved tensors of the other groups'
    /// layers are ignored (they may have other shapes), those of the chosen groups' layers must fit.
    public static func load(_ tensors: [String: StoredTensor], into model: Sequential, onlyGroups: [String],
                            source: String = "the state dict") throws(StateDictError) {
        let unknown = onlyGroups.filter { name in !model.groups.contains { $0.name == name } }
        precondition(unknown.isEmpty, "the model has no layer groups \(unknown); its groups are "
                     + model.groups.map(\.name).joined(separator: ", "))
        var selected: [StateDictEntry] = [], otherPrefixes: [String] = [], index = 0
        for group in model.groups {
            for _ in group.layers {
                if onlyGroups.contains(group.name) {
                    selected += model.stateDictEntries(ofLayer: index)
                } else {
                    otherPrefixes.append(model.stateDictKey(ofLayer: index) + ".")
                }
                index += 1
            }
        }
        let selectedKeys = Set(selected.map(\.key))
        func isOtherLayers(_ key: String) -> Bool {
            !selectedKeys.contains(key) && otherPrefixes.contains { key.hasPrefix($0) }
        }
        try load(tensors, entries: selected, ignoring: isOtherLayers, source: source)
    }

    private static func load(_ tensors: [String: StoredTensor], entries: [StateDictEntry],
                             ignoring isIgnored: (String) -> Bool, source: String) throws(StateDictError) {
        var missing: [StateDictError.Entry] = [], wrongShapes: [StateDictError.ShapeMismatch] = []
        var invalid: [String] = []
        var counts: [Int: Float] = [:]
        for (index, entry) in entries.enumerated() {
            guard let saved = tensors[entry.key] else {
                if entry.encoding == .count { counts[index] = 0 } else {
                    missing.append(.init(key: entry.key, shape: entry.storedShape))
                }
                continue
            }
            switch entry.encoding {
            case .values:
                if saved.shape != entry.parameter.value.shape {
                    wrongShapes.append(.init(key: entry.key, saved: saved.shape, model: entry.parameter.value.shape))
                }
            case .count:
                guard saved.shape == [] || saved.shape == [1] else {
                    wrongShapes.append(.init(key: entry.key, saved: saved.shape, model: []))
                    continue
                }
                let value = saved.floatValues[0]
                if value >= 0, value == value.rounded(), value < 0x1p24 { counts[index] = value } else {
                    invalid.append("`\(entry.key)` holds \(value), not a count (a whole number from 0 to 2^24)")
                }
            }
        }
        let known = Set(entries.map(\.key))
        let unexpected = tensors.keys.filter { !known.contains($0) && !isIgnored($0) }.sorted()
            .map { StateDictError.Entry(key: $0, shape: tensors[$0]!.shape) }
        guard missing.isEmpty, unexpected.isEmpty, wrongShapes.isEmpty, invalid.isEmpty else {
            throw StateDictError(source: source, missing: missing, unexpected: unexpected, wrongShapes: wrongShapes,
                                 invalid: invalid)
        }
        for (index, entry) in entries.enumerated() {
            switch entry.encoding {
            case .values:
                entry.parameter.value = Tensor(shape: entry.parameter.value.shape, storage: tensors[entry.key]!.floatValues)
            case .count:
                entry.parameter.value.storage[0] = counts[index]!
            }
        }
    }
}
