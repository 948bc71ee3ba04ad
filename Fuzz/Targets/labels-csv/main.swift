// The labels CSV of an image folder (fastai's from_csv form), as LabelsCSV splits it into records.
@testable import Datasets
import FuzzSupport

FuzzTarget.run(seeds: {
    [("labels.csv", Array("fname,label,is_valid\ncat/1.png,cat,false\r\n\"dog, 2.png\",\"a \"\"good\"\" dog\",true\n".utf8))]
}) { bytes in
    guard let text = FuzzInput.text(bytes) else { return }
    _ = try? LabelsCSV.records(text, path: "labels.csv")
}
