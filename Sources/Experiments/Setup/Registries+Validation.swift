import Datasets

extension Registries {
    /// Checks what a job names in the registries before any work: the data request's own
    /// settings and its source, the model and the recorders.
    /// - Throws: `SettingError` for a bad data setting or recorder list, `UnknownExtensionError`
    ///   for a data source or model that is not registered.
    public func validate(data: DataRequest, model: String, records: [String]) throws {
        try data.validate()
        if let source = data.source { _ = try dataSources.source(named: source) }
        _ = try models.builder(for: model)
        _ = try recorders.parseSelection(records.isEmpty ? "none" : records.joined(separator: ","))
    }
}
