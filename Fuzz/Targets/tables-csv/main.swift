// CSV/TSV data tables (Datasets/Tables: TableParser) as `--data table.csv` reads them, with the
// delimiter told by the name, a label column and missing values accepted or not.
import Datasets
import FuzzSupport

FuzzTarget.run(seeds: {
    [("iris.csv", Array("sepal_length,sepal_width,species\n5.1,3.5,setosa\n6.2,,virginica\n\"4.9\",3.0,setosa\n".utf8)),
     ("table.tsv", Array("a\tb\tlabel\n1\t2\tx\n3\t4e-3\ty\n".utf8))]
}) { bytes in
    for fileName in ["fuzz.csv", "fuzz.tsv"] {
        _ = try? TableParser.parse(bytes, fileName: fileName)
        _ = try? TableParser.parse(bytes, fileName: fileName, options: TableParseOptions(labelColumn: "label", acceptsMissing: true))
    }
}
