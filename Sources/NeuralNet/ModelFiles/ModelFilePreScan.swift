/// A lexical pass over a model file before YAML composes it, refusing what could make composing
/// or walking the document costly: anchors and aliases (a few lines of aliases expand to billions
/// of nodes) and nesting deeper than any model needs (composing recurses once per level).
///
/// It follows YAML's token rules closely enough for model files: quoted scalars (which may span
/// lines), comments, flow brackets, indentation and block indicators (`- `, `? `). Block scalars
/// (`|`, `>`) are not special, so odd text inside one may be refused; model files have no use
/// for them.
struct ModelFilePreScan {
    /// The deepest nesting of `[` and `{` allowed.
    static let maximumFlowDepth = 32
    /// The deepest block nesting allowed, counted as a line's indentation plus its leading
    /// `- ` and `? ` indicators.
    static let maximumBlockDepth = 200

    /// A problem found, at a line and column from 1.
    struct Finding: Equatable {
        let line: Int
        let column: Int
        let problem: String
        let fix: String
    }

    /// The first problem in `text`, or nil.
    static func check(_ text: String) -> Finding? {
        let scalars = Array(text.unicodeScalars)
        var line = 1, column = 0
        var flowDepth = 0
        var quote: Unicode.Scalar? = nil
        var atLineStart = true, indentation = 0, indicators = 0
        var previous: Unicode.Scalar = "\n"
        var index = 0
        while index < scalars.count {
            let c = scalars[index]
            column += 1
            defer {
                previous = c
                index += 1
            }
            if c == "\n" {
                line += 1
                column = 0
                atLineStart = true
                indentation = 0
                indicators = 0
                continue
            }
            if let open = quote {
                if open == "\"" && c == "\\" {
                    // Skip the escaped character (a newline inside is only a line break).
                    if index + 1 < scalars.count, scalars[index + 1] != "\n" {
                        index += 1
                        column += 1
                    }
                } else if c == open {
                    if open == "'" && index + 1 < scalars.count && scalars[index + 1] == "'" {
                        index += 1
                        column += 1
                    } else {
                        quote = nil
                    }
                }
                continue
            }
            let afterSpace = previous == " " || previous == "\t" || previous == "\n" || previous == "\r"
            let afterFlowIndicator = "[{,".unicodeScalars.contains(previous)
            if atLineStart {
                if c == " " {
                    indentation += 1
                    continue
                }
                if (c == "-" || c == "?"), index + 1 < scalars.count, scalars[index + 1] == " " {
                    indicators += 1
                    continue
                }
                atLineStart = false
                if indentation + indicators > maximumBlockDepth {
                    return Finding(line: line, column: column,
                                   problem: "the layers are nested \(indentation + indicators) levels deep "
                                       + "(indentation plus `-` indicators), more than the \(maximumBlockDepth) a model file allows",
                                   fix: "indent by two spaces per level and nest less")
                }
            }
            switch c {
            case "#" where afterSpace:
                // A comment runs to the end of the line.
                while index + 1 < scalars.count && scalars[index + 1] != "\n" { index += 1 }
            case "\"" where afterSpace || afterFlowIndicator || previous == ":",
                 "'" where afterSpace || afterFlowIndicator || previous == ":":
                quote = c
            case "[", "{":
                flowDepth += 1
                if flowDepth > maximumFlowDepth {
                    return Finding(line: line, column: column,
                                   problem: "brackets are nested more than \(maximumFlowDepth) deep",
                                   fix: "write the layers as a list with one layer per line")
                }
            case "]", "}":
                flowDepth = max(0, flowDepth - 1)
            case "&" where afterSpace || afterFlowIndicator, "*" where afterSpace || afterFlowIndicator:
                let kind = c == "&" ? "an anchor" : "an alias"
                return Finding(line: line, column: column,
                               problem: "\(kind) (`\(c)name`) is not supported in model files",
                               fix: "write each layer out; quote a value that starts with `\(c)`")
            default:
                break
            }
        }
        return nil
    }
}
