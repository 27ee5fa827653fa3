import Foundation
import Yams

/// Reads a YAML configuration file into a `Decodable` type with errors that name the file and key.
enum YAMLFile {
    static func load<T: Codable>(_ type: T.Type, from url: URL, what: String) throws -> T {
        let name = url.lastPathComponent
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ConfigError(.notFound, "\(name) (\(what)) is missing at \(url.path); run `meyasu init` or restore it.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(.invalid, "\(name) is not UTF-8 text; save it as UTF-8.")
        }
        let value: T
        do {
            value = try YAMLDecoder().decode(T.self, from: text)
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
        if let unknown = unknownKey(in: text, decoded: value) {
            throw ConfigError(.invalid, "\(name): the key \(unknown) is not known (a typo?); remove it or see schemas/ for the keys allowed there.")
        }
        return value
    }

    /// The first key of the YAML that the decoded value does not have: a typo such as
    /// `requried: true` must not silently fall back to a default.
    static func unknownKey<T: Encodable>(in text: String, decoded: T) -> String? {
        // The document's nodes only (no Swift values made of them, no tags resolved: the decoder
        // has checked the values): this second reading was half of loading organization.yaml.
        guard let tree = try? Yams.compose(yaml: text, .basic),
              let data = try? JSONEncoder().encode(decoded),
              let known = try? JSONSerialization.jsonObject(with: data) else { return nil }
        return unknownKey(tree, known, path: [])
    }

    private static func unknownKey(_ tree: Node, _ known: Any, path: [String]) -> String? {
        if let mapping = tree.mapping, let knownMapping = known as? [String: Any] {
            var values: [String: Node] = [:]
            for (key, value) in mapping {
                // `<<` merges another mapping in (the decoder has followed it).
                if let key = key.scalar?.string, key != "<<" { values[key] = value }
            }
            for (key, value) in values.sorted(by: { $0.key < $1.key }) {
                let keyPath = path + [key]
                guard let knownValue = knownMapping[key] else {
                    if isNull(value) { continue }
                    return "`" + keyPath.joined(separator: ".").replacingOccurrences(of: ".[", with: "[") + "`"
                }
                if let found = unknownKey(value, knownValue, path: keyPath) { return found }
            }
        } else if let list = tree.sequence, let knownList = known as? [Any], list.count == knownList.count {
            for (index, item) in list.enumerated() {
                if let found = unknownKey(item, knownList[index], path: path + ["[\(index)]"]) { return found }
            }
        }
        return nil
    }

    /// A YAML null: an empty value, `~` or `null` written plain (quoted, it is text).
    private static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any else { return false }
        return NSNull.construct(from: scalar) != nil
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
