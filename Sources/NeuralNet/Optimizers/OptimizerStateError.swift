/// Why an `OptimizerState` cannot be restored into an optimizer.
public struct OptimizerStateError: Error, CustomStringConvertible, Equatable {
    /// What differs between the saved state and the optimizer, in plain words.
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String {
        "cannot restore optimizer state: \(message); restore it into an optimizer of the same kind "
            + "built over the same model and layer groups"
    }
}

extension OptimizerState {
    /// Checks that this state fits an optimizer of `kind` over `groups`, with every slot in
    /// `slotShapes` shaped like the parameter it belongs to (or empty: not created yet).
    ///
    /// `slotShapes` maps a slot name to the shape a created slot must have for a parameter; it
    /// returns nil to mean "same shape as the parameter".
    func validate(kind expectedKind: String, groups: [ParameterGroup],
                  slotShapes: [String: (Parameter) -> [Int]]) throws {
        guard kind == expectedKind else {
            throw OptimizerStateError("the state was saved by a `\(kind)` optimizer, this one is `\(expectedKind)`")
        }
        guard hyperParameters.count == groups.count else {
            throw OptimizerStateError("the state has \(hyperParameters.count) parameter groups, "
                                      + "the optimizer has \(groups.count) (\(groups.map(\.name).joined(separator: ", ")))")
        }
        for (index, values) in hyperParameters.enumerated() where values.count != 5 {
            throw OptimizerStateError("group \(index) (\(groups[index].name)) has \(values.count) "
                                      + "hyper-parameters instead of 5")
        }
        guard stepCount >= 0 else { throw OptimizerStateError("the step count \(stepCount) is negative") }
        let parameters = groups.flatMap { group in group.parameters.map { (group.name, $0) } }
        let unknown = Set(slots.keys).subtracting(slotShapes.keys)
        if let name = unknown.sorted().first {
            throw OptimizerStateError("unknown slot `\(name)` (a `\(expectedKind)` optimizer keeps "
                                      + slotShapes.keys.sorted().map { "`\($0)`" }.joined(separator: ", ") + ")")
        }
        for (slot, expectedShape) in slotShapes.sorted(by: { $0.key < $1.key }) {
            guard let tensors = slots[slot] else { throw OptimizerStateError("the slot `\(slot)` is missing") }
            guard tensors.count == parameters.count else {
                throw OptimizerStateError("the slot `\(slot)` holds \(tensors.count) tensors for "
                                          + "\(parameters.count) parameters")
            }
            for (index, (tensor, (groupName, parameter))) in zip(tensors, parameters).enumerated() {
                let shape = expectedShape(parameter)
                guard tensor.count == 0 || tensor.shape == shape else {
                    throw OptimizerStateError("slot `\(slot)` of parameter \(index) (`\(parameter.name)` in group "
                                              + "`\(groupName)`) has shape \(tensor.shape), the parameter needs \(shape)")
                }
            }
        }
    }
}
