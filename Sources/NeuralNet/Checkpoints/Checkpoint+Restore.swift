import TensorCore

extension Checkpoint {
    /// The names of the layer groups whose tensors the checkpoint holds, in order.
    public var groupNames: [String] {
        var names: [String] = []
        for (name, _) in tensors {
            let group = String(name.split(separator: ".", maxSplits: 1).first ?? "")
            if !names.contains(group) { names.append(group) }
        }
        return names
    }

    /// Puts every saved tensor into `model` and, when given, the saved state into `optimizer`.
    ///
    /// Everything is checked first (names, shapes, optimizer kind and slots), so a failed restore
    /// changes neither the model nor the optimizer.
    public func restore(into model: Sequential, optimizer: (any Optimizer)? = nil) throws {
        let targets = model.namedTensors
        let problems = NamedTensorMatch.problems(saved: tensors.map { ($0.name, $0.value.shape) }, model: targets)
        guard problems.isEmpty else { throw CheckpointError.modelMismatch(path: path, problems: problems) }
        if let optimizer {
            guard let optimizerState else {
                throw CheckpointError.optimizerMismatch(path: path, detail: "the checkpoint holds no optimizer state")
            }
            do { try optimizer.restoreState(optimizerState) } catch {
                let detail = (error as? OptimizerStateError)?.message ?? "\(error)"
                throw CheckpointError.optimizerMismatch(path: path, detail: detail)
            }
        }
        for (saved, target) in zip(tensors, targets) { target.parameter.value = saved.value }
    }

    /// Puts the saved tensors of the layer groups `onlyGroups` into `model` and leaves the other
    /// groups alone, for fine-tuning a saved body under a new head.
    public func restore(into model: Sequential, onlyGroups: [String]) throws {
        let shared = model.groups.map(\.name).filter(groupNames.contains)
        let unknown = onlyGroups.filter { !shared.contains($0) }
        guard unknown.isEmpty else {
            throw CheckpointError.unknownGroups(path: path, groups: unknown, available: shared)
        }
        func isSelected(_ name: String) -> Bool { onlyGroups.contains { name.hasPrefix($0 + ".") } }
        let targets = model.namedTensors.filter { isSelected($0.name) }
        let selected = tensors.filter { isSelected($0.name) }
        let problems = NamedTensorMatch.problems(saved: selected.map { ($0.name, $0.value.shape) }, model: targets)
        guard problems.isEmpty else { throw CheckpointError.modelMismatch(path: path, problems: problems) }
        for (saved, target) in zip(selected, targets) { target.parameter.value = saved.value }
    }
}
