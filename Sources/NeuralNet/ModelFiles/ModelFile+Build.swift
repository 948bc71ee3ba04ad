import TensorCore

extension ModelFile {
    /// A freshly initialised model for `input`: the file's groups and layers, with input
    /// channels and features taken from the data (`classes` is the data's class count).
    ///
    /// Every shape is checked before any weight is allocated. Weights are drawn from one
    /// `RandomGenerator(seed:)` in file order, layer by layer as the built-in models draw
    /// theirs, so a file that lists a built-in's layers gives its weights.
    /// - Throws: `ModelFileError` at the layer whose input does not fit (with the computed
    ///   shape), when the model does not end in `classes` outputs, or when two layers would give
    ///   tensors the same state-dict key.
    public func makeModel(for input: ModelInput, seed: UInt64) throws(ModelFileError) -> Sequential {
        let start = ModelFileLocation(file: file, line: 1, column: 1, keyPath: "")
        guard !input.exampleShape.isEmpty, input.exampleShape.allSatisfy({ $0 > 0 }), input.classes > 0 else {
            throw ModelFileError(start, problem: "the data's examples have the shape \(ModelFilePlanner.text(input.exampleShape)) "
                                 + "and \(input.classes) classes", fix: "use data with examples and at least one class")
        }
        var planner = ModelFilePlanner(file: file, input: input)
        var shape = input.exampleShape
        var plannedGroups: [(name: String, layers: [PlannedLayer])] = []
        var offset = 0
        for group in groups {
            let base = offset
            let planned = try planner.plan(group.layers, from: shape) { String(base + $0) }
            plannedGroups.append((group.name, planned.layers))
            shape = planned.output
            offset += group.layers.count
        }
        guard shape == [input.classes] else {
            let last = groups[groups.count - 1].layers.last!
            throw ModelFileError(last.location,
                                 problem: "the model ends with the shape \(ModelFilePlanner.text(shape)) but the data has "
                                     + "\(input.classes) classes, so it must end with [\(input.classes)]",
                                 fix: shape.count == 1 ? "end with `linear: classes`"
                                     : "end with `flatten` (or `global_avgpool`) and `linear: classes`")
        }
        var rng = RandomGenerator(seed: seed)
        let layerGroups = plannedGroups.map { group in
            LayerGroup(name: group.name, layers: group.layers.map { Self.make($0, rng: &rng) })
        }
        let model = Sequential(groups: layerGroups, stateDictKeys: plannedGroups.flatMap { $0.layers.map(\.key) })
        try checkDistinctTensorNames(model, planned: plannedGroups.flatMap(\.layers))
        return model
    }

    private static func make(_ layer: PlannedLayer, rng: inout RandomGenerator) -> any Layer {
        switch layer.recipe {
        case .conv(let inChannels, let out, let kernel, let stride, let padding, let bias):
            return Conv2d(inChannels, out, kernelSize: kernel, stride: stride, padding: padding, bias: bias, rng: &rng)
        case .batchNorm2d(let channels): return BatchNorm2d(channels)
        case .batchNorm1d(let features): return BatchNorm1d(features)
        case .relu: return ReLU()
        case .maxPool(let kernel, let stride): return MaxPool2d(kernelSize: kernel, stride: stride)
        case .avgPool(let kernel, let stride): return AvgPool2d(kernelSize: kernel, stride: stride)
        case .globalAvgPool: return GlobalAvgPool2d()
        case .dropout(let probability): return Dropout(probability)
        case .flatten: return Flatten()
        case .linear(let inFeatures, let out): return Linear(inFeatures, out, rng: &rng)
        case .basicBlock(let inChannels, let out, let stride): return ResidualBlock(inChannels, out, stride: stride, rng: &rng)
        case .residual(let body, let shortcut):
            return Residual(body: body.map { make($0, rng: &rng) }, shortcut: shortcut.map { make($0, rng: &rng) },
                            bodyKeys: body.map(\.key), shortcutKeys: shortcut.map(\.key))
        }
    }

    /// Fails when two layers' tensors get one state-dict key, e.g. `key: "1"` on a layer and a
    /// second layer numbered 1 by default.
    private func checkDistinctTensorNames(_ model: Sequential, planned: [PlannedLayer]) throws(ModelFileError) {
        var owners: [String: ModelFileLayer] = [:]
        for (index, layer) in planned.enumerated() {
            for entry in model.stateDictEntries(ofLayer: index) {
                if let earlier = owners[entry.key] {
                    throw ModelFileError(
                        layer.source.location,
                        problem: "the tensor `\(entry.key)` of this layer has the same state_dict key as one of the layer "
                            + "at line \(earlier.location.line) (`\(earlier.location.keyPath)`)",
                        fix: "give one of them another `key:` (a layer without one is named by its position, counting from 0)")
                }
                owners[entry.key] = layer.source
            }
        }
    }
}
