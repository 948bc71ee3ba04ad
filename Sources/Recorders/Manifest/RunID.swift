import ArtifactSchema

/// Builds readable, reproducible run ids: `<kind>-<model>-bs<batch>-s<seed>-<hash6>`.
///
/// `hash6` is the first 6 hex digits of the FNV-1a 64 hash (`StableHash`) of the canonical
/// settings JSON (sorted keys, no whitespace), so the same settings always give the same id and
/// any change of a setting gives another. Only `[a-z0-9-]` appear: the model name is lowercased
/// and every run of other characters becomes one `-`.
public enum RunID {
    /// The id for a run of `kind` on `model` with the given settings.
    public static func make(kind: RunKind, model: String, batchSize: Int, seed: UInt64,
                            canonicalSettings: String) -> String {
        let hash6 = String(StableHash.of(canonicalSettings).hex.prefix(6))
        let modelPart = sanitize(model).isEmpty ? "model" : sanitize(model)
        return "\(kind.idPrefix)-\(modelPart)-bs\(batchSize)-s\(seed)-\(hash6)"
    }

    /// `text` lowercased with every run of characters outside `[a-z0-9]` replaced by one `-`,
    /// without leading or trailing `-`.
    public static func sanitize(_ text: String) -> String {
        var result = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            let isAllowed = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            if isAllowed {
                if pendingDash && !result.isEmpty { result.append("-") }
                pendingDash = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return result
    }

    /// Whether `id` uses only `[a-z0-9-]` and is not empty.
    public static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
    }
}
