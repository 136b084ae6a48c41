using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;

namespace Alonzo.Tests.ServiceModels
{
    /// <summary>
    /// An AWS service model (botocore's service-2.json), reduced to what request validation needs.
    /// </summary>
    public sealed class ServiceModel
    {
        private readonly Dictionary<string, ShapeModel> _shapes;
        private readonly Dictionary<string, OperationModel> _operations;

        private ServiceModel(ServiceMetadata metadata, Dictionary<string, OperationModel> operations, Dictionary<string, ShapeModel> shapes)
        {
            Metadata = metadata;
            _operations = operations;
            _shapes = shapes;
        }

        public ServiceMetadata Metadata { get; }

        public IReadOnlyDictionary<string, OperationModel> Operations => _operations;

        public IReadOnlyDictionary<string, ShapeModel> Shapes => _shapes;

        /// <summary>Loads service-2.json or service-2.json.gz (gzip is detected from the content, not the name).</summary>
        public static ServiceModel Load(string path)
        {
            using (var file = File.OpenRead(path))
            {
                int b1 = file.ReadByte(), b2 = file.ReadByte();
                file.Position = 0;
                bool gzip = b1 == 0x1f && b2 == 0x8b;
                using (var stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file)
                using (var document = JsonDocument.Parse(stream))
                {
                    return FromJson(document.RootElement);
                }
            }
        }

        /// <summary>Parses a model from its JSON text (handy for small hand-made models).</summary>
        public static ServiceModel Parse(string json)
        {
            using (var document = JsonDocument.Parse(json))
            {
                return FromJson(document.RootElement);
            }
        }

        public OperationModel GetOperation(string name)
        {
            if (name != null && _operations.TryGetValue(name, out var operation))
            {
                return operation;
            }
            throw new KeyNotFoundException($"Operation '{name}' is not in the {Metadata.ServiceId} model.");
        }

        public ShapeModel GetShape(string name)
        {
            if (name != null && _shapes.TryGetValue(name, out var shape))
            {
                return shape;
            }
            throw new KeyNotFoundException($"Shape '{name}' is referenced but not defined in the {Metadata.ServiceId} model.");
        }

        /// <summary>Every shape name reachable from <paramref name="shapeName"/>, itself included; throws on a dangling reference.</summary>
        public IReadOnlyCollection<string> ResolveClosure(string shapeName)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>();
            pending.Push(shapeName);
            while (pending.Count > 0)
            {
                var name = pending.Pop();
                if (!seen.Add(name))
                {
                    continue;
                }
                var shape = GetShape(name);
                foreach (var member in shape.Members.Values)
                {
                    pending.Push(member.ShapeName);
                }
                foreach (var child in new[] { shape.ListMember, shape.Key, shape.Value })
                {
                    if (child != null)
                    {
                        pending.Push(child.ShapeName);
                    }
                }
            }
            return seen;
        }

        private static ServiceModel FromJson(JsonElement root)
        {
            var meta = root.GetProperty("metadata");
            var metadata = new ServiceMetadata(
                protocol: Str(meta, "protocol"),
                apiVersion: Str(meta, "apiVersion"),
                targetPrefix: Str(meta, "targetPrefix"),
                jsonVersion: Str(meta, "jsonVersion"),
                // botocore falls back to endpointPrefix when signingName is absent (Kinesis, IAM, Logs).
                signingName: Str(meta, "signingName") ?? Str(meta, "endpointPrefix"),
                endpointPrefix: Str(meta, "endpointPrefix"),
                serviceId: Str(meta, "serviceId"));

            var operations = new Dictionary<string, OperationModel>(StringComparer.Ordinal);
            foreach (var op in root.GetProperty("operations").EnumerateObject())
            {
                var http = op.Value.GetProperty("http");
                var errors = op.Value.TryGetProperty("errors", out var errorList)
                    ? errorList.EnumerateArray().Select(e => Str(e, "shape")).ToList()
                    : new List<string>();
                operations[op.Name] = new OperationModel(
                    name: op.Name,
                    httpMethod: Str(http, "method"),
                    requestUri: Str(http, "requestUri"),
                    inputShapeName: op.Value.TryGetProperty("input", out var input) ? Str(input, "shape") : null,
                    outputShapeName: op.Value.TryGetProperty("output", out var output) ? Str(output, "shape") : null,
                    errors: errors);
            }

            var shapes = new Dictionary<string, ShapeModel>(StringComparer.Ordinal);
            foreach (var s in root.GetProperty("shapes").EnumerateObject())
            {
                shapes[s.Name] = ReadShape(s.Name, s.Value);
            }
            return new ServiceModel(metadata, operations, shapes);
        }

        private static ShapeModel ReadShape(string name, JsonElement json)
        {
            var members = new Dictionary<string, MemberModel>(StringComparer.Ordinal);
            if (json.TryGetProperty("members", out var memberJson))
            {
                foreach (var m in memberJson.EnumerateObject())
                {
                    members[m.Name] = ReadMember(m.Name, m.Value);
                }
            }
            return new ShapeModel(
                name: name,
                type: Str(json, "type"),
                members: members,
                required: json.TryGetProperty("required", out var req) ? req.EnumerateArray().Select(r => r.GetString()).ToList() : new List<string>(),
                listMember: json.TryGetProperty("member", out var lm) ? ReadMember("member", lm) : null,
                key: json.TryGetProperty("key", out var k) ? ReadMember("key", k) : null,
                value: json.TryGetProperty("value", out var v) ? ReadMember("value", v) : null,
                min: Num(json, "min"),
                max: Num(json, "max"),
                enumValues: json.TryGetProperty("enum", out var en) ? en.EnumerateArray().Select(e => e.GetString()).ToList() : null,
                pattern: Str(json, "pattern"),
                payload: Str(json, "payload"),
                timestampFormat: Str(json, "timestampFormat"),
                flattened: Bool(json, "flattened"),
                isDocument: Bool(json, "document"),
                isUnion: Bool(json, "union"),
                isEventStream: Bool(json, "eventstream"),
                isStreaming: Bool(json, "streaming"));
        }

        private static MemberModel ReadMember(string name, JsonElement json) => new MemberModel(
            name: name,
            shapeName: Str(json, "shape"),
            location: Str(json, "location"),
            locationName: Str(json, "locationName"),
            timestampFormat: Str(json, "timestampFormat"),
            flattened: Bool(json, "flattened"),
            jsonValue: Bool(json, "jsonvalue"));

        private static string Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

        private static double? Num(JsonElement e, string name) =>
            e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDouble() : (double?)null;

        private static bool Bool(JsonElement e, string name) =>
            e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.True;
    }

    public sealed class ServiceMetadata
    {
        public ServiceMetadata(string protocol, string apiVersion, string targetPrefix, string jsonVersion,
            string signingName, string endpointPrefix, string serviceId)
        {
            Protocol = protocol;
            ApiVersion = apiVersion;
            TargetPrefix = targetPrefix;
            JsonVersion = jsonVersion;
            SigningName = signingName;
            EndpointPrefix = endpointPrefix;
            ServiceId = serviceId;
        }

        /// <summary>"json", "rest-json", "query", "rest-xml" or "ec2".</summary>
        public string Protocol { get; }
        public string ApiVersion { get; }
        public string TargetPrefix { get; }
        public string JsonVersion { get; }
        public string SigningName { get; }
        public string EndpointPrefix { get; }
        public string ServiceId { get; }
    }

    public sealed class OperationModel
    {
        public OperationModel(string name, string httpMethod, string requestUri, string inputShapeName,
            string outputShapeName, IReadOnlyList<string> errors)
        {
            Name = name;
            HttpMethod = httpMethod;
            RequestUri = requestUri;
            InputShapeName = inputShapeName;
            OutputShapeName = outputShapeName;
            Errors = errors;
        }

        public string Name { get; }
        public string HttpMethod { get; }
        /// <summary>Path template with optional query part, e.g. "/2015-03-31/functions/{FunctionName}?List=ALL".</summary>
        public string RequestUri { get; }
        /// <summary>Null when the operation takes no input.</summary>
        public string InputShapeName { get; }
        public string OutputShapeName { get; }
        /// <summary>Names of the error shapes the operation may return.</summary>
        public IReadOnlyList<string> Errors { get; }
    }

    public sealed class ShapeModel
    {
        public ShapeModel(string name, string type, IReadOnlyDictionary<string, MemberModel> members,
            IReadOnlyList<string> required, MemberModel listMember, MemberModel key, MemberModel value,
            double? min, double? max, IReadOnlyList<string> enumValues, string pattern, string payload,
            string timestampFormat, bool flattened, bool isDocument, bool isUnion, bool isEventStream, bool isStreaming)
        {
            Name = name;
            Type = type;
            Members = members;
            Required = required;
            ListMember = listMember;
            Key = key;
            Value = value;
            Min = min;
            Max = max;
            EnumValues = enumValues;
            Pattern = pattern;
            Payload = payload;
            TimestampFormat = timestampFormat;
            Flattened = flattened;
            IsDocument = isDocument;
            IsUnion = isUnion;
            IsEventStream = isEventStream;
            IsStreaming = isStreaming;
        }

        public string Name { get; }
        /// <summary>structure, list, map, string, integer, long, boolean, double, float, timestamp, blob.</summary>
        public string Type { get; }
        /// <summary>Members of a structure, in model order; empty for other types.</summary>
        public IReadOnlyDictionary<string, MemberModel> Members { get; }
        public IReadOnlyList<string> Required { get; }
        /// <summary>Element of a list.</summary>
        public MemberModel ListMember { get; }
        /// <summary>Key and value of a map.</summary>
        public MemberModel Key { get; }
        public MemberModel Value { get; }
        /// <summary>Length for strings and blobs, size for lists and maps, range for numbers.</summary>
        public double? Min { get; }
        public double? Max { get; }
        /// <summary>Null when the string is not an enum.</summary>
        public IReadOnlyList<string> EnumValues { get; }
        public string Pattern { get; }
        /// <summary>REST protocols: the member that is the whole HTTP body.</summary>
        public string Payload { get; }
        public string TimestampFormat { get; }
        public bool Flattened { get; }
        public bool IsDocument { get; }
        public bool IsUnion { get; }
        public bool IsEventStream { get; }
        public bool IsStreaming { get; }
    }

    public sealed class MemberModel
    {
        public MemberModel(string name, string shapeName, string location, string locationName,
            string timestampFormat, bool flattened, bool jsonValue)
        {
            Name = name;
            ShapeName = shapeName;
            Location = location;
            LocationName = locationName;
            TimestampFormat = timestampFormat;
            Flattened = flattened;
            JsonValue = jsonValue;
        }

        public string Name { get; }
        public string ShapeName { get; }
        /// <summary>REST protocols: "uri", "querystring", "header", "headers", "statusCode"; null for the body.</summary>
        public string Location { get; }
        /// <summary>Wire name (URI label, query key, header name, JSON key or query-protocol key) when it differs from <see cref="Name"/>.</summary>
        public string LocationName { get; }
        public string WireName => LocationName ?? Name;
        public string TimestampFormat { get; }
        public bool Flattened { get; }
        public bool JsonValue { get; }
    }
}
