import Foundation
import Yams

/// Reads a YAML configuration file into a `Decodable` type with errors that name the file and key.
enum YAMLFile {
    static func load<T: Decodable>(_ type: T.Type, from url: URL, what: String) throws -> T {
        let name = url.lastPathComponent
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ConfigError(.notFound, "\(name) (\(what)) is missing at \(url.path); run `meyasu init` or restore it.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(.invalid, "\(name) is not UTF-8 text; save it as UTF-8.")
        }
        do {
            return try YAMLDecoder().decode(T.self, from: text)
        } catch let DecodingError.dataCorrupted(context) where context.underlyingError is YamlError {
            let place = yamlPlace(context.underlyingError as! YamlError)
            throw ConfigError(.invalid, "\(name) is not valid YAML (\(place)); fix the syntax there.")
        } catch let error as DecodingError {
            throw ConfigError(.invalid, "\(name): \(describe(error))")
        } catch let error as YamlError {
            throw ConfigError(.invalid, "\(name) is not valid YAML (\(yamlPlace(error))); fix the syntax there.")
        } catch {
            throw ConfigError(.invalid, "\(name) cannot be read as \(what); check it against its schema in schemas/.")
        }
    }

    static func keyPath(_ path: [CodingKey]) -> String {
        var out = ""
        for key in path {
            if let index = key.intValue { out += "[\(index)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
        }
        return out.isEmpty ? "the top level" : "`\(out)`"
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            let parent = keyPath(context.codingPath)
            return "the key `\(key.stringValue)` is missing in \(parent); add it (see schemas/)."
        case .typeMismatch(let type, let context):
            return "\(keyPath(context.codingPath)) should be \(typeName(type)); correct its value."
        case .valueNotFound(let type, let context):
            return "\(keyPath(context.codingPath)) is empty but should be \(typeName(type)); give it a value."
        case .dataCorrupted(let context):
            return "\(keyPath(context.codingPath)) has a value that is not allowed; see schemas/ for the allowed values."
        @unknown default:
            return "the file does not match its schema; see schemas/."
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "a \(String(describing: type).lowercased().contains("array") ? "list" : "mapping")"
        }
    }

    private static func yamlPlace(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return "line \(mark.line), column \(mark.column)"
        default:
            return "near the start"
        }
    }
}
