import Foundation
import HTTP
import JSON
import Schemas
import Testing

/// `schemas/openapi/admin.json` and the router agree, and the document's examples are valid.
@Suite(.enabled(if: AdminFixture.isConfigured, "needs AICS_TEST_DATABASE_URL"))
struct OpenAPIAgreementTests {
    static let document = try! JSONParser.parse(Schemas.adminOpenAPI)
    static let methods = ["get", "post", "put", "patch", "delete"]

    /// (METHOD, path) of every documented operation.
    static var documented: [(method: String, path: String)] {
        let paths = document["paths"]?.objectValue ?? [:]
        return paths.keys.sorted().flatMap { path in
            methods.filter { paths[path]?[$0] != nil }.map { (method: $0.uppercased(), path: path) }
        }
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteAnswers() async throws {
        try await AdminFixture.with { admin in
            let routes = Set(admin.routes.map { "\($0.method) \($0.path)" })
            let documented = Set(Self.documented.map { "\($0.method) \($0.path)" })
            #expect(!routes.isEmpty)
            #expect(routes.subtracting(documented).isEmpty, "routes missing from the document: \(routes.subtracting(documented).sorted())")
            #expect(documented.subtracting(routes).isEmpty, "documented routes the router lacks: \(documented.subtracting(routes).sorted())")

            // Every documented route answers with a valid token: never the router's 404 or a 405.
            let token = try await admin.token(tenant: AdminFixture.uniqueTenant())
            let bot = try await admin.request(.post, "/v1/bots", token: token, json: object(["name": .string("faq"), "provider": .string("local")]))
            let id = try #require(bot.json?["id"]?.stringValue)
            _ = try await admin.request(.post, "/v1/bots/\(id)/knowledge?format=csv", token: token, raw: "question,answer\nHi?,Hello.\n")
            let rule = object(["applies_to": .string("output"), "word": .string("guarantee"), "action": .string("block")])
            let ruleID = try #require(try await admin.request(.post, "/v1/content-rules", token: token, json: rule).json?["id"]?.numberValue)
            // Deletes after the other operations of their path; the bot's own delete last of all.
            func order(_ operation: (method: String, path: String)) -> (Int, String, Int) {
                (operation == ("DELETE", "/v1/bots/{bot_id}") ? 1 : 0, operation.path, operation.method == "DELETE" ? 1 : 0)
            }
            for operation in Self.documented.sorted(by: { order($0) < order($1) }) {
                let path = operation.path.replacingOccurrences(of: "{bot_id}", with: id).replacingOccurrences(of: "{account_id}", with: "wecom-1")
                    .replacingOccurrences(of: "{rule_id}", with: String(Int(ruleID)))
                let method = try #require(HTTPRequest.Method(rawValue: operation.method))
                var body: JSONValue?
                var raw: String?
                switch (operation.method, operation.path) {
                case ("POST", "/v1/bots"): body = object(["name": .string("second"), "provider": .string("local")])
                case ("PATCH", _): body = object(["threshold": .number(0.4)])
                case ("POST", "/v1/bots/{bot_id}/preview"): body = object(["question": .string("Hi?")])
                case ("POST", "/v1/bots/{bot_id}/knowledge"): raw = "question,answer\nHi?,Hello.\n"
                case ("POST", "/v1/content-rules"): body = rule
                case ("POST", "/v1/bots/{bot_id}/knowledge/sync"):
                    body = object(["files": .array([object(["path": .string("faq.md"), "content": .string("## Hi?\nHello.\n")])])])
                case ("PUT", _): body = object(["bot": .string("faq"), "mode": .string("assist")])
                default: break
                }
                let target = operation.path.hasSuffix("/knowledge") && method == .post ? path + "?format=csv" : path
                let deleteFirst = operation.method == "DELETE" && operation.path == "/v1/bots/{bot_id}"
                if deleteFirst { _ = try await admin.request(.delete, "/v1/bindings/wecom-1", token: token) }
                let reply = try await admin.request(method, target, token: token, json: body, raw: raw)
                #expect((200..<300).contains(reply.status), "\(operation.method) \(operation.path): \(reply.status) \(reply.text)")
                let expected = Self.successSchema(operation, status: reply.status)
                #expect(expected != nil || reply.json == nil, "\(operation.method) \(operation.path) answered \(reply.status), which is not documented")
                if let expected, let json = reply.json {
                    let violations = Self.validator(expected).validate(json)
                    #expect(violations.isEmpty, "\(operation.method) \(operation.path) answered outside its schema: \(violations)")
                }
            }
        }
    }

    @Test func theDocumentsExamplesValidateAgainstTheirSchemas() throws {
        #expect(Self.document["openapi"]?.stringValue == "3.1.0")
        var checked = 0
        func walk(_ value: JSONValue, _ path: String) {
            guard case .object(let members) = value else {
                if case .array(let items) = value { for (index, item) in items.enumerated() { walk(item, "\(path)[\(index)]") } }
                return
            }
            if let schema = members["schema"], let example = members["example"] {
                let violations = Self.validator(schema).validate(example)
                #expect(violations.isEmpty, "\(path): example does not fit its schema: \(violations)")
                checked += 1
            }
            for (name, member) in members { walk(member, "\(path)/\(name)") }
        }
        walk(Self.document, "")
        #expect(checked >= 20, "only \(checked) examples found")
        // Every $ref resolves.
        func refs(_ value: JSONValue) -> [String] {
            switch value {
            case .object(let members): (members["$ref"]?.stringValue.map { [$0] } ?? []) + members.values.flatMap(refs)
            case .array(let items): items.flatMap(refs)
            default: []
            }
        }
        for reference in Set(refs(Self.document)) {
            var current: JSONValue? = Self.document
            for token in reference.dropFirst(2).split(separator: "/") { current = current?[String(token)] }
            #expect(current != nil, "unresolved \(reference)")
        }
    }

    /// A validator for a schema of the document (its `#/components/...` references resolve).
    static func validator(_ schema: JSONValue) -> SchemaValidator {
        var registry = SchemaRegistry()
        registry.add(name: "admin.json", schema: document)
        return SchemaValidator(schema: Self.rebased(schema), registry: registry)
    }

    /// `#/components/...` → `admin.json#/components/...`, so that the schema can stand alone.
    static func rebased(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            var copy = members.mapValues(rebased)
            if let reference = members["$ref"]?.stringValue, reference.hasPrefix("#/") { copy["$ref"] = .string("admin.json" + reference) }
            return .object(copy)
        case .array(let items): return .array(items.map(rebased))
        default: return value
        }
    }

    /// The JSON schema of the operation's 2xx answer, when it has one.
    /// The schema documented for the status the route answered with.
    static func successSchema(_ operation: (method: String, path: String), status: Int) -> JSONValue? {
        document["paths"]?[operation.path]?[operation.method.lowercased()]?["responses"]?[String(status)]?["content"]?["application/json"]?["schema"]
    }
}
