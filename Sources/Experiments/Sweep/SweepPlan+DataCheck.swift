import ArtifactSchema
import Datasets

extension SweepPlan {
    /// Checks that `data`, loaded again to resume the plan, gives the plan's run ids: a sweep
    /// resumed on other data (a changed file, another split or size) would write its runs under
    /// other ids than the plan lists, beside the runs it was meant to finish.
    ///
    /// - Throws: `SweepPlanError` listing each data setting that differs (the plan's value and
    ///   the data's now) and what to do.
    public func checkResumable(with data: DataBundle) throws {
        let now = SweepPlan(sweep: sweep, data: data)
        guard now.groupID != groupID || now.runs.map(\.id) != runs.map(\.id) else { return }
        var differences: [String] = []
        if let recorded = dataSettings {
            let current = data.manifestSettings
            for key in Set(recorded.keys).union(current.keys).sorted() where recorded[key] != current[key] {
                differences.append("\(key): \(Self.shown(recorded[key])) in the plan, \(Self.shown(current[key])) now")
            }
        }
        if differences.isEmpty { differences.append("the data gives other run ids than the plan lists") }
        throw SweepPlanError(path: path, problem: "the plan was made on other data than \(sweep.base.data.location ?? data.name) "
                             + "holds now (" + differences.joined(separator: "; ") + "); resuming would not finish its "
                             + "runs: restore the data the sweep started on, or start a new sweep with `train lr-find`")
    }

    /// A data setting's value as messages show it: `450`, `abc123`, `[0,1]`.
    private static func shown(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: return "none"
        case .bool(let flag)?: return String(flag)
        case .number(let number)?: return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .string(let text)?: return text
        case .array(let items)?: return "[" + items.map { shown($0) }.joined(separator: ",") + "]"
        case .object(let members)?: return "{" + members.keys.sorted().map { "\($0): \(shown(members[$0]))" }.joined(separator: ", ") + "}"
        }
    }
}
