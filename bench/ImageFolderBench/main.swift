// Times LRLab's image-folder loading for bench/image_loading.sh (until `train bench --image-folder` exists).
// Usage: image-folder-bench DIR [SIZE] [CHANNELS]   (prints one JSON object)
import Datasets
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: image-folder-bench DIR [SIZE] [CHANNELS]\n".utf8))
    exit(2)
}
var options = ImageFolderOptions()
if arguments.count >= 3, arguments[2] != "native" {
    guard let size = ImageSize(parsing: arguments[2]) else {
        FileHandle.standardError.write(Data("size \(arguments[2]) is not N or HxW\n".utf8))
        exit(2)
    }
    options.size = size
}
if arguments.count >= 4 { options.channels = Int(arguments[3]) }
do {
    let result = try ImageFolderBenchmark(root: arguments[1], options: options).run()
    let json: [String: Any] = [
        "files": result.files, "size": result.imageSize.description, "channels": result.channels, "values": result.values,
        "cold_load_s": result.cold.loadSeconds, "cold_epoch_s": result.cold.epochSeconds, "cold_s": result.cold.totalSeconds,
        "cached_load_s": result.cached.loadSeconds, "cached_epoch_s": result.cached.epochSeconds,
        "cached_s": result.cached.totalSeconds,
        "cold_cpu_s": result.cold.cpuSeconds, "cached_cpu_s": result.cached.cpuSeconds, "cold_decoded": result.cold.decoded, "cached_reused": result.cached.reused,
    ]
    print(String(decoding: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]), as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
