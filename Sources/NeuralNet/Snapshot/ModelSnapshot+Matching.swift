/// Compares saved tensor names and shapes with a model's, for snapshots and checkpoints.
enum NamedTensorMatch {
    /// Every difference between `saved` and `model`, in plain words; empty when they match.
    ///
    /// Names must agree as sets and appear in the same order; at most a few problems of each kind
    /// are listed so a message stays readable.
    static func problems(saved: [(name: String, shape: [Int])],
                         model: [(name: String, parameter: Parameter)]) -> [String] {
        let savedShapes = Dictionary(saved.map { ($0.name, $0.shape) }, uniquingKeysWith: { first, _ in first })
        let modelNames = Set(model.map(\.name))
        var problems: [String] = []
        let missing = model.map(\.name).filter { savedShapes[$0] == nil }
        if !missing.isEmpty { problems.append("missing tensors " + list(missing)) }
        let unexpected = saved.map(\.name).filter { !modelNames.contains($0) }
        if !unexpected.isEmpty { problems.append("unknown tensors " + list(unexpected) + " (not in the model)") }
        for (name, parameter) in model {
            if let shape = savedShapes[name], shape != parameter.value.shape {
                problems.append("tensor `\(name)` has shape \(shape) in the saved state but \(parameter.value.shape) in the model")
            }
        }
        if problems.isEmpty, saved.count != model.count || !zip(saved, model).allSatisfy({ $0.name == $1.name }) {
            problems.append("the tensors are listed in another order or repeated")
        }
        return problems
    }

    private static func list(_ names: [String]) -> String {
        let shown = names.prefix(5).map { "`\($0)`" }.joined(separator: ", ")
        return names.count > 5 ? shown + " and \(names.count - 5) more" : shown
    }
}
