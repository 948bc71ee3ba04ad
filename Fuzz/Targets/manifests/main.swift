// run.json and group.json, the manifests `report build` and `train` read back from run folders
// (ArtifactSchema's decoding, with the report's description of a decoding error).
import ArtifactSchema
import Foundation
import FuzzSupport
@testable import Report

FuzzTarget.run { bytes in
    let data = Data(bytes)
    do {
        let run = try RunManifest.decode(from: data)
        _ = try? run.jsonText()
    } catch let error as DecodingError {
        _ = RunArtifacts.describe(error)
    } catch {}
    if let group = try? GroupManifest.decode(from: data) { _ = try? group.jsonText() }
}
