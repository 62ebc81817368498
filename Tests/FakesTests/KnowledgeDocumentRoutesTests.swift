import Fakes
import Foundation
import HTTP
import Testing

/// The fakes' knowledge-writing routes as the API reference describes them: shapes, errors,
/// indexing that progresses over polls, and synced content becoming the knowledge answers use.
@Suite("Fakes: Dify dataset documents and OpenAI vector store files")
struct KnowledgeDocumentRoutesTests {
    func send(_ method: HTTP.HTTPRequest.Method, _ url: String, key: String, json: String? = nil) async throws -> (Int, [String: Any]) {
        var headers = HTTPHeaders()
        headers.add("Authorization", "Bearer \(key)")
        if json != nil { headers.add("Content-Type", "application/json") }
        let response = try await ProviderWire.send(HTTP.HTTPRequest(method: method, url: url, headers: headers, body: json.map { Array($0.utf8) }))
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return (response.status, object)
    }

    @Test func difyDocumentsLifecycleAndErrors() async throws {
        let dify = try await DifyFake.start(DifyFake.Configuration(indexingPolls: 2))
        defer { Task { await dify.stop() } }
        let dataset = dify.baseURL + "/datasets/" + dify.datasetID
        let key = dify.datasetKey

        #expect(try await send(.post, dataset + "/document/create-by-text", key: dify.appKey, json: "{}").0 == 401)
        let missing = try await send(.post, dataset + "/document/create-by-text", key: key, json: #"{"text": "x"}"#)
        #expect(missing.0 == 400 && missing.1["code"] as? String == "invalid_param")
        #expect(try await send(.post, dify.baseURL + "/datasets/nope/document/create-by-text", key: key, json: #"{"name": "a", "text": "b"}"#).0 == 404)

        let created = try await send(.post, dataset + "/document/create-by-text", key: key,
                                     json: #"{"name": "hours.md", "text": "When do you open?\nAt 9 every day.\n\nDo you open on Sunday?\nNo."}"#)
        #expect(created.0 == 200)
        let document = try #require(created.1["document"] as? [String: Any])
        let id = try #require(document["id"] as? String)
        let batch = try #require(created.1["batch"] as? String)
        var statuses: [String] = []
        for _ in 0..<3 {
            let status = try await send(.get, dataset + "/documents/\(batch)/indexing-status", key: key)
            statuses.append(((status.1["data"] as? [[String: Any]])?.first?["indexing_status"] as? String) ?? "")
        }
        #expect(statuses.first != "completed" && statuses.last == "completed")

        let list = try await send(.get, dataset + "/documents?page=1&limit=20", key: key)
        #expect((list.1["data"] as? [[String: Any]])?.map { $0["name"] as? String } == ["hours.md"])
        #expect(list.1["total"] as? Int == 1)

        // The document is the knowledge now: retrieve finds its segment, named by the document.
        let retrieved = try await send(.post, dataset + "/retrieve", key: key, json: #"{"query": "Do you open on Sunday?"}"#)
        let record = try #require((retrieved.1["records"] as? [[String: Any]])?.first?["segment"] as? [String: Any])
        #expect(record["document_id"] as? String == id)
        #expect((record["document"] as? [String: Any])?["name"] as? String == "hours.md")

        let updated = try await send(.post, dataset + "/documents/\(id)/update-by-text", key: key, json: #"{"name": "hours.md", "text": "Do you open on Sunday?\nYes, from 10."}"#)
        #expect(updated.0 == 200 && (updated.1["batch"] as? String) != batch)
        #expect(dify.datasetDocuments.first?.text == "Do you open on Sunday?\nYes, from 10.")

        dify.inject(.tooManyRequests, times: 1, on: .deleteDocument)
        #expect(try await send(.delete, dataset + "/documents/\(id)", key: key).0 == 429)
        #expect(try await send(.delete, dataset + "/documents/\(id)", key: key).0 == 204)
        #expect(try await send(.delete, dataset + "/documents/\(id)", key: key).0 == 404)
        #expect(dify.datasetDocuments.isEmpty)
    }

    @Test func openAIFilesLifecycleAndErrors() async throws {
        let openAI = try await OpenAIFake.start(OpenAIFake.Configuration(processingPolls: 1))
        defer { Task { await openAI.stop() } }
        let store = openAI.baseURL + "/vector_stores/" + openAI.vectorStoreID
        let key = openAI.apiKey

        let boundary = "b0undary"
        var headers = HTTPHeaders()
        headers.add("Authorization", "Bearer \(key)")
        headers.add("Content-Type", "multipart/form-data; boundary=\(boundary)")
        let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nassistants\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"hours.md\"\r\nContent-Type: text/plain\r\n\r\nDo you open on Sunday?\nYes, from 10.\r\n--\(boundary)--\r\n"
        let uploaded = try await ProviderWire.send(HTTP.HTTPRequest(method: .post, url: openAI.baseURL + "/files", headers: headers, body: Array(body.utf8)))
        #expect(uploaded.status == 200)
        let file = try #require((try JSONSerialization.jsonObject(with: Data(uploaded.body)) as? [String: Any])?["id"] as? String)

        #expect(try await send(.post, store + "/files", key: key, json: "{}").0 == 400)
        #expect(try await send(.post, store + "/files", key: key, json: #"{"file_id": "file-missing"}"#).0 == 404)
        let attached = try await send(.post, store + "/files", key: key, json: #"{"file_id": "\#(file)", "attributes": {"path": "hours.md"}}"#)
        #expect(attached.0 == 200 && attached.1["status"] as? String == "in_progress")
        #expect(try await send(.get, store + "/files/\(file)", key: key).1["status"] as? String == "completed")
        let list = try await send(.get, store + "/files?limit=10", key: key)
        #expect(((list.1["data"] as? [[String: Any]])?.first?["attributes"] as? [String: Any])?["path"] as? String == "hours.md")

        let search = try await send(.post, store + "/search", key: key, json: #"{"query": "Do you open on Sunday?"}"#)
        let hit = try #require((search.1["data"] as? [[String: Any]])?.first)
        #expect(hit["file_id"] as? String == file && hit["filename"] as? String == "hours.md")

        openAI.inject(.rateLimited(retryAfter: .seconds(1)), times: 1, on: .detachFile)
        #expect(try await send(.delete, store + "/files/\(file)", key: key).0 == 429)
        let detached = try await send(.delete, store + "/files/\(file)", key: key)
        #expect(detached.1["object"] as? String == "vector_store.file.deleted" && detached.1["deleted"] as? Bool == true)
        let deleted = try await send(.delete, openAI.baseURL + "/files/\(file)", key: key)
        #expect(deleted.1["object"] as? String == "file" && deleted.1["deleted"] as? Bool == true)
        #expect(try await send(.delete, openAI.baseURL + "/files/\(file)", key: key).0 == 404)
    }
}
