using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Alonzo.Tests.ServiceModels
{
    /// <summary>
    /// Checks that a captured HTTP request is what the official service model says the operation's
    /// request must look like: routing (target header, Action, method and path), content type, and every
    /// input member's name, type and constraints. Supports the json, rest-json and query protocols.
    /// </summary>
    public sealed class ServiceModelValidator
    {
        // Shared across validators: one compile per pattern, and one record of the patterns .NET cannot run.
        private static readonly ConcurrentDictionary<string, Regex> Patterns = new ConcurrentDictionary<string, Regex>(StringComparer.Ordinal);
        private static readonly ConcurrentDictionary<string, string> Skipped = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        private static readonly Regex Iso8601 = new Regex(
            @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$", RegexOptions.CultureInvariant);

        public ServiceModelValidator(ServiceModel model)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
        }

        /// <summary>A validator for "kinesis", "lambda", "iam" or "logs", from <see cref="ServiceModelCatalog"/>.</summary>
        public static ServiceModelValidator For(string service) => new ServiceModelValidator(ServiceModelCatalog.Get(service));

        public ServiceModel Model { get; }

        /// <summary>
        /// Model patterns that .NET's Regex could not compile (pattern → reason). Those constraints are
        /// not checked; they are listed here and in failure messages instead of failing the test.
        /// </summary>
        public static IReadOnlyDictionary<string, string> SkippedPatterns => new Dictionary<string, string>(Skipped);

        /// <summary>
        /// The operation the request is routed to: X-Amz-Target (json), Action (query), or method and
        /// path template (rest-json; the most specific template wins). Null when none matches.
        /// </summary>
        public string IdentifyOperation(CapturedRequest request)
        {
            if (request?.Uri == null)
            {
                return null;
            }
            switch (Model.Metadata.Protocol)
            {
                case "json":
                    request.Headers.TryGetValue("X-Amz-Target", out var target);
                    var prefix = Model.Metadata.TargetPrefix + ".";
                    if (target == null || !target.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        return null;
                    }
                    var name = target.Substring(prefix.Length);
                    return Model.Operations.ContainsKey(name) ? name : null;
                case "query":
                    var form = ParseForm(FormText(request), null);
                    return form.TryGetValue("Action", out var action) && Model.Operations.ContainsKey(action) ? action : null;
                case "rest-json":
                    return Model.Operations.Values
                        .Where(op => string.Equals(op.HttpMethod, request.Method, StringComparison.OrdinalIgnoreCase))
                        .Select(op => (op, score: RouteScore(op.RequestUri, request.Uri)))
                        .Where(x => x.score >= 0)
                        .OrderByDescending(x => x.score)
                        .Select(x => x.op.Name)
                        .FirstOrDefault();
                default:
                    return null;
            }
        }

        /// <summary>Validates the request against the operation it routes to. Empty list = valid.</summary>
        public IReadOnlyList<string> Validate(CapturedRequest request)
        {
            if (request?.Uri == null)
            {
                return new[] { "request or its Uri is null" };
            }
            var operation = IdentifyOperation(request);
            if (operation == null)
            {
                return new[] { $"no {Model.Metadata.ServiceId} operation matches {Describe(request)}" };
            }
            return Validate(operation, request);
        }

        /// <summary>Validates the request as a call of <paramref name="operationName"/>. Empty list = valid.</summary>
        public IReadOnlyList<string> Validate(string operationName, CapturedRequest request)
        {
            var problems = new List<string>();
            if (request?.Uri == null)
            {
                problems.Add("request or its Uri is null");
                return problems;
            }
            if (operationName == null || !Model.Operations.TryGetValue(operationName, out var operation))
            {
                problems.Add($"operation '{operationName}' is not in the {Model.Metadata.ServiceId} model");
                return problems;
            }
            var run = new Run(problems);
            var input = operation.InputShapeName == null ? null : Model.GetShape(operation.InputShapeName);
            switch (Model.Metadata.Protocol)
            {
                case "json":
                    ValidateJsonRpc(run, operation, input, request);
                    break;
                case "rest-json":
                    ValidateRestJson(run, operation, input, request);
                    break;
                case "query":
                    ValidateQuery(run, operation, input, request);
                    break;
                default:
                    problems.Add($"protocol '{Model.Metadata.Protocol}' is not supported by this validator");
                    break;
            }
            return problems;
        }

        /// <summary>Throws <see cref="ServiceModelValidationException"/> listing every problem, if any.</summary>
        public void AssertValid(CapturedRequest request) => Throw(IdentifyOperation(request) ?? "(unknown operation)", request, Validate(request));

        /// <summary>Throws <see cref="ServiceModelValidationException"/> listing every problem, if any.</summary>
        public void AssertValid(string operationName, CapturedRequest request) => Throw(operationName, request, Validate(operationName, request));

        private void Throw(string operation, CapturedRequest request, IReadOnlyList<string> problems)
        {
            if (problems.Count == 0)
            {
                return;
            }
            var text = new StringBuilder();
            text.AppendLine($"{Model.Metadata.ServiceId} {operation}: {Describe(request)} breaks the service model in {problems.Count} way(s):");
            foreach (var problem in problems)
            {
                text.AppendLine("  - " + problem);
            }
            if (request?.Body != null && request.Body.Length > 0)
            {
                var body = request.BodyText;
                text.AppendLine("Body: " + (body.Length > 2000 ? body.Substring(0, 2000) + "…" : body));
            }
            foreach (var skipped in Skipped)
            {
                text.AppendLine($"(pattern not checked, .NET cannot compile it: {skipped.Key} — {skipped.Value})");
            }
            throw new ServiceModelValidationException(text.ToString().TrimEnd(), problems);
        }

        private static string Describe(CapturedRequest request) => request == null ? "(null request)" : $"{request.Method} {request.Uri?.PathAndQuery}";

        // ---------------------------------------------------------------- json (JSON 1.0/1.1 RPC)

        private void ValidateJsonRpc(Run run, OperationModel op, ShapeModel input, CapturedRequest request)
        {
            var meta = Model.Metadata;
            CheckMethodAndRootPath(run, op, request);
            if (!string.IsNullOrEmpty(request.Uri.Query))
            {
                run.Add("URI", $"query string '{request.Uri.Query}' is not used by the json protocol");
            }
            var expectedTarget = $"{meta.TargetPrefix}.{op.Name}";
            request.Headers.TryGetValue("X-Amz-Target", out var target);
            if (target != expectedTarget)
            {
                run.Add("X-Amz-Target", target == null ? $"header is missing; expected '{expectedTarget}'" : $"header is '{target}', expected '{expectedTarget}'");
            }
            CheckContentType(run, request, $"application/x-amz-json-{meta.JsonVersion}");

            // botocore always sends a JSON object, "{}" when there is no input.
            var body = ParseJsonBody(run, request);
            if (body == null)
            {
                return;
            }
            if (body.Value.ValueKind != JsonValueKind.Object)
            {
                run.Add("body", $"must be a JSON object, got {body.Value.ValueKind}");
            }
            else if (input == null)
            {
                foreach (var property in body.Value.EnumerateObject())
                {
                    run.Add(property.Name, $"unknown member: {op.Name} takes no input");
                }
            }
            else
            {
                ValidateJsonStructure(run, input, body.Value, "", input.Members.Values);
            }
        }

        // ---------------------------------------------------------------- rest-json

        private void ValidateRestJson(Run run, OperationModel op, ShapeModel input, CapturedRequest request)
        {
            if (!string.Equals(request.Method, op.HttpMethod, StringComparison.OrdinalIgnoreCase))
            {
                run.Add("method", $"is {request.Method}, the model says {op.HttpMethod}");
            }
            var members = input?.Members.Values.ToList() ?? new List<MemberModel>();
            var template = op.RequestUri;
            var queryStart = template.IndexOf('?');
            var pathTemplate = queryStart < 0 ? template : template.Substring(0, queryStart);
            var queryTemplate = queryStart < 0 ? "" : template.Substring(queryStart + 1);

            // Path and its labels.
            var match = PathRegex(pathTemplate).Match(request.Uri.AbsolutePath);
            if (!match.Success)
            {
                run.Add("path", $"'{request.Uri.AbsolutePath}' does not match the template '{pathTemplate}'");
            }
            else
            {
                foreach (var label in Labels(pathTemplate))
                {
                    var member = members.FirstOrDefault(m => m.Location == "uri" && m.WireName == label);
                    if (member == null)
                    {
                        run.Add("path", $"the model has no uri member for label {{{label}}}");
                        continue;
                    }
                    var value = Uri.UnescapeDataString(match.Groups[GroupName(label)].Value);
                    ValidateText(run, Model.GetShape(member.ShapeName), value, member.Name, member.TimestampFormat ?? "iso8601");
                }
            }

            // Query string: the template's literal pairs first, then querystring members.
            var query = ParseQuery(request.Uri.Query);
            foreach (var literal in queryTemplate.Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = literal.Split(new[] { '=' }, 2);
                var expected = parts.Length > 1 ? parts[1] : "";
                if (!query.TryGetValue(parts[0], out var values) || !values.Contains(expected))
                {
                    run.Add("query", $"'{literal}' from the template '{template}' is missing");
                }
                query.Remove(parts[0]);
            }
            var queryMap = members.FirstOrDefault(m => m.Location == "querystring" && Model.GetShape(m.ShapeName).Type == "map");
            foreach (var pair in query)
            {
                var member = members.FirstOrDefault(m => m.Location == "querystring" && m.WireName == pair.Key);
                if (member == null)
                {
                    if (queryMap == null)
                    {
                        run.Add(pair.Key, "query parameter is not a querystring member of the input");
                    }
                    continue;
                }
                var shape = Model.GetShape(member.ShapeName);
                if (shape.Type == "list")
                {
                    CheckSize(run, shape, pair.Value.Count, member.Name);
                    for (var i = 0; i < pair.Value.Count; i++)
                    {
                        var itemShape = Model.GetShape(shape.ListMember.ShapeName);
                        ValidateText(run, itemShape, pair.Value[i], $"{member.Name}[{i}]", shape.ListMember.TimestampFormat ?? "iso8601");
                    }
                }
                else if (pair.Value.Count > 1)
                {
                    run.Add(member.Name, $"query parameter '{pair.Key}' is repeated {pair.Value.Count} times");
                }
                else
                {
                    ValidateText(run, shape, pair.Value[0], member.Name, member.TimestampFormat ?? "iso8601");
                }
            }

            // Headers: only those the model names can be checked; other headers (auth, user agent) are legitimate.
            foreach (var member in members.Where(m => m.Location == "header"))
            {
                if (request.Headers.TryGetValue(member.WireName, out var value))
                {
                    var shape = Model.GetShape(member.ShapeName);
                    if (member.JsonValue)
                    {
                        CheckJsonValueHeader(run, value, member.Name);
                    }
                    else
                    {
                        ValidateText(run, shape, value, member.Name, member.TimestampFormat ?? "rfc822");
                    }
                }
            }

            // Required members outside the body; body ones are checked with the body.
            foreach (var name in input?.Required ?? (IReadOnlyList<string>)Array.Empty<string>())
            {
                if (!input.Members.TryGetValue(name, out var member))
                {
                    continue;
                }
                var present =
                    member.Location == "uri" ? match.Success :
                    member.Location == "querystring" ? ParseQuery(request.Uri.Query).ContainsKey(member.WireName) :
                    member.Location == "header" ? request.Headers.ContainsKey(member.WireName) :
                    true;
                if (!present)
                {
                    run.Add(name, $"required {member.Location} member is missing");
                }
            }

            ValidateRestBody(run, input, request);
        }

        private void ValidateRestBody(Run run, ShapeModel input, CapturedRequest request)
        {
            var bodyBytes = request.Body ?? Array.Empty<byte>();
            if (input?.Payload != null)
            {
                var member = input.Members[input.Payload];
                var shape = Model.GetShape(member.ShapeName);
                if (shape.Type == "blob" || shape.Type == "string")
                {
                    // Raw payload: the body bytes are the member's value.
                    if (bodyBytes.Length == 0)
                    {
                        if (input.Required.Contains(member.Name))
                        {
                            run.Add(member.Name, "required payload member is missing (empty body)");
                        }
                        return;
                    }
                    if (shape.Type == "blob")
                    {
                        CheckLength(run, shape, bodyBytes.Length, member.Name, "bytes");
                    }
                    else
                    {
                        CheckString(run, shape, Encoding.UTF8.GetString(bodyBytes), member.Name);
                    }
                    return;
                }
                if (IsEmptyBody(bodyBytes))
                {
                    if (input.Required.Contains(member.Name))
                    {
                        run.Add(member.Name, "required payload member is missing (empty body)");
                    }
                    return;
                }
                CheckContentType(run, request, "application/json");
                var payload = ParseJsonBody(run, request);
                if (payload != null)
                {
                    ValidateJson(run, shape, payload.Value, member.Name, member.TimestampFormat);
                }
                return;
            }

            var bodyMembers = input?.Members.Values.Where(m => m.Location == null).ToList() ?? new List<MemberModel>();
            if (IsEmptyBody(bodyBytes))
            {
                foreach (var member in bodyMembers.Where(m => input.Required.Contains(m.Name)))
                {
                    run.Add(member.Name, "required member is missing (empty body)");
                }
                return;
            }
            CheckContentType(run, request, "application/json");
            var body = ParseJsonBody(run, request);
            if (body == null)
            {
                return;
            }
            if (body.Value.ValueKind != JsonValueKind.Object)
            {
                run.Add("body", $"must be a JSON object, got {body.Value.ValueKind}");
                return;
            }
            ValidateJsonStructure(run, input, body.Value, "", bodyMembers);
        }

        // botocore sends "{}" for an input with body members and nothing set; an empty body is as good.
        private static bool IsEmptyBody(byte[] body)
        {
            var text = Encoding.UTF8.GetString(body).Trim();
            return text.Length == 0 || text == "{}";
        }

        private static IEnumerable<string> Labels(string pathTemplate) =>
            Regex.Matches(pathTemplate, @"\{([^}+]+)\+?\}").Cast<Match>().Select(m => m.Groups[1].Value);

        // Label names may hold characters a regex group name may not; map them to a safe group name.
        private static string GroupName(string label) => "L" + Regex.Replace(label, "[^A-Za-z0-9]", "_");

        private static Regex PathRegex(string pathTemplate)
        {
            var pattern = new StringBuilder("^");
            var last = 0;
            foreach (Match m in Regex.Matches(pathTemplate, @"\{([^}+]+)(\+?)\}"))
            {
                pattern.Append(Regex.Escape(pathTemplate.Substring(last, m.Index - last)));
                // A greedy label {Name+} spans slashes; a plain label is one non-empty segment.
                pattern.Append($"(?<{GroupName(m.Groups[1].Value)}>{(m.Groups[2].Value == "+" ? ".+" : "[^/]+")})");
                last = m.Index + m.Length;
            }
            pattern.Append(Regex.Escape(pathTemplate.Substring(last)));
            pattern.Append('$');
            return new Regex(pattern.ToString(), RegexOptions.CultureInvariant);
        }

        // -1 when the template does not fit the URI, else a specificity score (literal characters matched).
        private static int RouteScore(string template, Uri uri)
        {
            var queryStart = template.IndexOf('?');
            var pathTemplate = queryStart < 0 ? template : template.Substring(0, queryStart);
            if (!PathRegex(pathTemplate).IsMatch(uri.AbsolutePath))
            {
                return -1;
            }
            var score = Regex.Replace(pathTemplate, @"\{[^}]+\}", "").Length;
            if (queryStart >= 0)
            {
                var query = ParseQuery(uri.Query);
                foreach (var literal in template.Substring(queryStart + 1).Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    var parts = literal.Split(new[] { '=' }, 2);
                    if (!query.TryGetValue(parts[0], out var values) || !values.Contains(parts.Length > 1 ? parts[1] : ""))
                    {
                        return -1;
                    }
                    score += literal.Length;
                }
            }
            return score;
        }

        private static Dictionary<string, List<string>> ParseQuery(string query)
        {
            var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var pair in (query ?? "").TrimStart('?').Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = pair.Split(new[] { '=' }, 2);
                var key = FormDecode(parts[0]);
                if (!result.TryGetValue(key, out var values))
                {
                    result[key] = values = new List<string>();
                }
                values.Add(parts.Length > 1 ? FormDecode(parts[1]) : "");
            }
            return result;
        }

        private static void CheckJsonValueHeader(Run run, string value, string path)
        {
            try
            {
                using (JsonDocument.Parse(Convert.FromBase64String(value)))
                {
                }
            }
            catch (Exception e) when (e is FormatException || e is JsonException)
            {
                run.Add(path, "header must be base64-encoded JSON");
            }
        }

        // ---------------------------------------------------------------- query (form-encoded, XML replies)

        private void ValidateQuery(Run run, OperationModel op, ShapeModel input, CapturedRequest request)
        {
            CheckMethodAndRootPath(run, op, request);
            CheckContentType(run, request, "application/x-www-form-urlencoded");
            var form = ParseForm(FormText(request), run);

            if (!form.TryGetValue("Action", out var action))
            {
                run.Add("Action", $"is missing; expected '{op.Name}'");
            }
            else if (action != op.Name)
            {
                run.Add("Action", $"is '{action}', expected '{op.Name}'");
            }
            if (!form.TryGetValue("Version", out var version))
            {
                run.Add("Version", $"is missing; expected '{Model.Metadata.ApiVersion}'");
            }
            else if (version != Model.Metadata.ApiVersion)
            {
                run.Add("Version", $"is '{version}', expected '{Model.Metadata.ApiVersion}'");
            }

            // Keys like "Tags.member.1.Key" become a tree walked alongside the input shape.
            var root = new QueryNode();
            foreach (var pair in form.Where(p => p.Key != "Action" && p.Key != "Version"))
            {
                var node = root;
                foreach (var segment in pair.Key.Split('.'))
                {
                    if (!node.Children.TryGetValue(segment, out var child))
                    {
                        node.Children[segment] = child = new QueryNode();
                    }
                    node = child;
                }
                node.Value = pair.Value;
            }
            if (input == null)
            {
                foreach (var key in root.Children.Keys)
                {
                    run.Add(key, $"unknown parameter: {op.Name} takes no input");
                }
                return;
            }
            ValidateQueryValue(run, input, root, "", false, null);
        }

        private static string FormText(CapturedRequest request) =>
            string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase) ? request.Uri.Query.TrimStart('?') : request.BodyText;

        private static Dictionary<string, string> ParseForm(string text, Run run)
        {
            var form = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in text.Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = pair.Split(new[] { '=' }, 2);
                var key = FormDecode(parts[0]);
                if (form.ContainsKey(key))
                {
                    run?.Add(key, "parameter appears more than once");
                }
                form[key] = parts.Length > 1 ? FormDecode(parts[1]) : "";
            }
            return form;
        }

        private static string FormDecode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

        private sealed class QueryNode
        {
            public string Value;
            public readonly Dictionary<string, QueryNode> Children = new Dictionary<string, QueryNode>(StringComparer.Ordinal);
        }

        private void ValidateQueryValue(Run run, ShapeModel shape, QueryNode node, string path, bool flattenedByMember, string timestampFormat)
        {
            switch (shape.Type)
            {
                case "structure":
                    if (!string.IsNullOrEmpty(node.Value))
                    {
                        run.Add(path, $"is a structure ({shape.Name}) but was sent as the value '{node.Value}'");
                    }
                    foreach (var child in node.Children)
                    {
                        var member = shape.Members.Values.FirstOrDefault(m => m.WireName == child.Key);
                        if (member == null)
                        {
                            run.Add(Join(path, child.Key), $"unknown member of {shape.Name} (known: {string.Join(", ", shape.Members.Keys)})");
                            continue;
                        }
                        ValidateQueryValue(run, Model.GetShape(member.ShapeName), child.Value, Join(path, child.Key), member.Flattened,
                            member.TimestampFormat);
                    }
                    foreach (var required in shape.Required)
                    {
                        if (shape.Members.TryGetValue(required, out var member) && !node.Children.ContainsKey(member.WireName))
                        {
                            run.Add(Join(path, member.WireName), $"required member of {shape.Name} is missing");
                        }
                    }
                    CheckUnion(run, shape, node.Children.Count, path);
                    break;

                case "list":
                case "map":
                {
                    // An empty list is sent as "Name=" with no sub-keys.
                    if (node.Children.Count == 0 && node.Value == "")
                    {
                        CheckSize(run, shape, 0, path);
                        break;
                    }
                    if (node.Value != null)
                    {
                        run.Add(path, $"is a {shape.Type} ({shape.Name}) but was sent as the value '{node.Value}'");
                    }
                    var flattened = shape.Flattened || flattenedByMember;
                    var wrapper = shape.Type == "list" ? shape.ListMember.LocationName ?? "member" : "entry";
                    var itemsPath = flattened ? path : Join(path, wrapper);
                    var items = node;
                    if (!flattened)
                    {
                        foreach (var key in node.Children.Keys.Where(k => k != wrapper))
                        {
                            run.Add(Join(path, key), $"unexpected key; {shape.Type} items go under '{itemsPath}.N'");
                        }
                        if (!node.Children.TryGetValue(wrapper, out items))
                        {
                            break;
                        }
                        if (items.Value != null)
                        {
                            run.Add(itemsPath, "must be followed by an index, not a value");
                        }
                    }
                    var count = CheckIndexes(run, items, itemsPath);
                    CheckSize(run, shape, count, path);
                    for (var i = 1; i <= count; i++)
                    {
                        if (!items.Children.TryGetValue(i.ToString(CultureInfo.InvariantCulture), out var item))
                        {
                            continue;
                        }
                        var itemPath = $"{itemsPath}.{i}";
                        if (shape.Type == "list")
                        {
                            ValidateQueryValue(run, Model.GetShape(shape.ListMember.ShapeName), item, itemPath, false, shape.ListMember.TimestampFormat);
                        }
                        else
                        {
                            ValidateQueryMapEntry(run, shape, item, itemPath);
                        }
                    }
                    break;
                }

                default:
                    if (node.Children.Count > 0)
                    {
                        run.Add(path, $"is a {shape.Type} ({shape.Name}) but has sub-keys: {string.Join(", ", node.Children.Keys.Select(k => Join(path, k)))}");
                    }
                    if (node.Value != null)
                    {
                        ValidateText(run, shape, node.Value, path, timestampFormat ?? "iso8601");
                    }
                    break;
            }
        }

        private void ValidateQueryMapEntry(Run run, ShapeModel map, QueryNode entry, string path)
        {
            var keyName = map.Key.LocationName ?? "key";
            var valueName = map.Value.LocationName ?? "value";
            foreach (var key in entry.Children.Keys.Where(k => k != keyName && k != valueName))
            {
                run.Add(Join(path, key), $"unexpected key; a map entry has only '{keyName}' and '{valueName}'");
            }
            if (entry.Children.TryGetValue(keyName, out var keyNode) && keyNode.Value != null)
            {
                ValidateText(run, Model.GetShape(map.Key.ShapeName), keyNode.Value, Join(path, keyName), "iso8601");
            }
            else
            {
                run.Add(Join(path, keyName), "map entry has no key");
            }
            if (entry.Children.TryGetValue(valueName, out var valueNode))
            {
                ValidateQueryValue(run, Model.GetShape(map.Value.ShapeName), valueNode, Join(path, valueName), false, map.Value.TimestampFormat);
            }
            else
            {
                run.Add(Join(path, valueName), "map entry has no value");
            }
        }

        // Indexes must be 1..N with no gaps; returns N (the highest index seen).
        private static int CheckIndexes(Run run, QueryNode items, string path)
        {
            var indexes = new List<int>();
            foreach (var key in items.Children.Keys)
            {
                if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= 1 && key == index.ToString(CultureInfo.InvariantCulture))
                {
                    indexes.Add(index);
                }
                else
                {
                    run.Add(Join(path, key), "expected a 1-based index");
                }
            }
            var count = indexes.Count == 0 ? 0 : indexes.Max();
            if (indexes.Count != count)
            {
                run.Add(path, $"indexes are not 1..{count} without gaps (got {string.Join(", ", indexes.OrderBy(i => i))})");
            }
            return count;
        }

        // ---------------------------------------------------------------- JSON values

        private JsonElement? ParseJsonBody(Run run, CapturedRequest request)
        {
            var bytes = request.Body ?? Array.Empty<byte>();
            if (bytes.Length == 0)
            {
                run.Add("body", "is empty; a JSON object is expected (\"{}\" when there is no input)");
                return null;
            }
            try
            {
                using (var document = JsonDocument.Parse(bytes))
                {
                    return document.RootElement.Clone();
                }
            }
            catch (JsonException e)
            {
                run.Add("body", "is not valid JSON: " + e.Message);
                return null;
            }
        }

        private void ValidateJsonStructure(Run run, ShapeModel shape, JsonElement value, string path, IEnumerable<MemberModel> allowed)
        {
            var allowedList = allowed.ToList();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in value.EnumerateObject())
            {
                var memberPath = Join(path, property.Name);
                if (!seen.Add(property.Name))
                {
                    run.Add(memberPath, "appears more than once");
                }
                var member = allowedList.FirstOrDefault(m => m.WireName == property.Name);
                if (member == null)
                {
                    var elsewhere = shape.Members.Values.FirstOrDefault(m => m.WireName == property.Name || m.Name == property.Name);
                    run.Add(memberPath, elsewhere?.Location != null
                        ? $"belongs in the {elsewhere.Location} ('{elsewhere.WireName}'), not the JSON body"
                        : allowedList.Count == 0
                            ? $"unknown member: {shape.Name} has no body members"
                            : $"unknown member of {shape.Name} (known: {string.Join(", ", allowedList.Select(m => m.WireName))})");
                    continue;
                }
                ValidateJson(run, Model.GetShape(member.ShapeName), property.Value, memberPath, member.TimestampFormat);
            }
            foreach (var member in allowedList.Where(m => shape.Required.Contains(m.Name)))
            {
                if (!value.TryGetProperty(member.WireName, out _))
                {
                    run.Add(Join(path, member.WireName), $"required member of {shape.Name} is missing");
                }
            }
            CheckUnion(run, shape, seen.Count, path);
        }

        private void ValidateJson(Run run, ShapeModel shape, JsonElement value, string path, string timestampFormat)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                // SDKs leave unset members out; a null is not a value of any shape.
                run.Add(path, "is null; leave the member out instead");
                return;
            }
            switch (shape.Type)
            {
                case "structure":
                    if (shape.IsDocument)
                    {
                        return; // A document is free-form JSON.
                    }
                    if (value.ValueKind != JsonValueKind.Object)
                    {
                        run.Add(path, $"must be a JSON object ({shape.Name}), got {value.ValueKind}");
                        return;
                    }
                    ValidateJsonStructure(run, shape, value, path, shape.Members.Values);
                    return;

                case "list":
                    if (value.ValueKind != JsonValueKind.Array)
                    {
                        run.Add(path, $"must be a JSON array ({shape.Name}), got {value.ValueKind}");
                        return;
                    }
                    CheckSize(run, shape, value.GetArrayLength(), path);
                    var item = Model.GetShape(shape.ListMember.ShapeName);
                    var i = 0;
                    foreach (var element in value.EnumerateArray())
                    {
                        ValidateJson(run, item, element, $"{path}[{i++}]", shape.ListMember.TimestampFormat);
                    }
                    return;

                case "map":
                    if (value.ValueKind != JsonValueKind.Object)
                    {
                        run.Add(path, $"must be a JSON object ({shape.Name}), got {value.ValueKind}");
                        return;
                    }
                    var keyShape = Model.GetShape(shape.Key.ShapeName);
                    var valueShape = Model.GetShape(shape.Value.ShapeName);
                    var count = 0;
                    foreach (var property in value.EnumerateObject())
                    {
                        count++;
                        var entryPath = $"{path}[\"{property.Name}\"]";
                        CheckString(run, keyShape, property.Name, entryPath + " (key)");
                        ValidateJson(run, valueShape, property.Value, entryPath, shape.Value.TimestampFormat);
                    }
                    CheckSize(run, shape, count, path);
                    return;

                case "string":
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        run.Add(path, $"must be a JSON string ({shape.Name}), got {value.ValueKind} {Abbreviate(value.GetRawText())}");
                        return;
                    }
                    CheckString(run, shape, value.GetString(), path);
                    return;

                case "integer":
                case "long":
                    if (value.ValueKind != JsonValueKind.Number)
                    {
                        run.Add(path, $"must be a JSON number ({shape.Type} {shape.Name}), got {value.ValueKind} {Abbreviate(value.GetRawText())}");
                        return;
                    }
                    if (shape.Type == "integer" ? !value.TryGetInt32(out _) : !value.TryGetInt64(out _))
                    {
                        run.Add(path, $"{value.GetRawText()} is not a whole number in the {shape.Type} range");
                        return;
                    }
                    CheckRange(run, shape, value.GetDouble(), path);
                    return;

                case "float":
                case "double":
                    if (value.ValueKind == JsonValueKind.String && IsSpecialFloat(value.GetString()))
                    {
                        return; // AWS JSON protocols send NaN and infinities as strings.
                    }
                    if (value.ValueKind != JsonValueKind.Number)
                    {
                        run.Add(path, $"must be a JSON number ({shape.Type} {shape.Name}), got {value.ValueKind} {Abbreviate(value.GetRawText())}");
                        return;
                    }
                    CheckRange(run, shape, value.GetDouble(), path);
                    return;

                case "boolean":
                    if (value.ValueKind != JsonValueKind.True && value.ValueKind != JsonValueKind.False)
                    {
                        run.Add(path, $"must be true or false ({shape.Name}), got {value.ValueKind} {Abbreviate(value.GetRawText())}");
                    }
                    return;

                case "timestamp":
                    // JSON protocols send epoch seconds unless the model says otherwise.
                    var format = timestampFormat ?? shape.TimestampFormat ?? "unixTimestamp";
                    if (format.Equals("unixTimestamp", StringComparison.OrdinalIgnoreCase))
                    {
                        if (value.ValueKind != JsonValueKind.Number)
                        {
                            run.Add(path, $"must be a timestamp in epoch seconds (a JSON number), got {value.ValueKind} {Abbreviate(value.GetRawText())}");
                        }
                        return;
                    }
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        run.Add(path, $"must be a {format} timestamp string, got {value.ValueKind}");
                        return;
                    }
                    ValidateText(run, shape, value.GetString(), path, format);
                    return;

                case "blob":
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        run.Add(path, $"must be a base64 JSON string ({shape.Name}), got {value.ValueKind}");
                        return;
                    }
                    ValidateText(run, shape, value.GetString(), path, null);
                    return;

                default:
                    run.Add(path, $"has type '{shape.Type}' ({shape.Name}) that this validator does not know");
                    return;
            }
        }

        // ---------------------------------------------------------------- text values (query, uri, querystring, header)

        private void ValidateText(Run run, ShapeModel shape, string text, string path, string timestampFormat)
        {
            switch (shape.Type)
            {
                case "string":
                    CheckString(run, shape, text, path);
                    return;
                case "integer":
                case "long":
                    if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
                        || (shape.Type == "integer" && (whole < int.MinValue || whole > int.MaxValue)))
                    {
                        run.Add(path, $"'{Abbreviate(text)}' is not a valid {shape.Type} ({shape.Name})");
                        return;
                    }
                    CheckRange(run, shape, whole, path);
                    return;
                case "float":
                case "double":
                    if (IsSpecialFloat(text))
                    {
                        return;
                    }
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
                    {
                        run.Add(path, $"'{Abbreviate(text)}' is not a valid {shape.Type} ({shape.Name})");
                        return;
                    }
                    CheckRange(run, shape, real, path);
                    return;
                case "boolean":
                    if (text != "true" && text != "false")
                    {
                        run.Add(path, $"'{Abbreviate(text)}' is not 'true' or 'false' ({shape.Name})");
                    }
                    return;
                case "timestamp":
                    CheckTimestampText(run, text, path, timestampFormat ?? shape.TimestampFormat ?? "iso8601");
                    return;
                case "blob":
                    byte[] bytes;
                    try
                    {
                        bytes = Convert.FromBase64String(text);
                    }
                    catch (FormatException)
                    {
                        run.Add(path, $"is not valid base64 ({shape.Name})");
                        return;
                    }
                    CheckLength(run, shape, bytes.Length, path, "bytes");
                    return;
                default:
                    run.Add(path, $"is a {shape.Type} ({shape.Name}) and cannot be sent as the text '{Abbreviate(text)}'");
                    return;
            }
        }

        private static void CheckTimestampText(Run run, string text, string path, string format)
        {
            bool ok;
            switch (format.ToLowerInvariant())
            {
                case "unixtimestamp":
                    ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                    break;
                case "rfc822":
                    ok = DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
                    break;
                default:
                    ok = Iso8601.IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);
                    break;
            }
            if (!ok)
            {
                run.Add(path, $"'{Abbreviate(text)}' is not a {format} timestamp");
            }
        }

        // ---------------------------------------------------------------- constraints

        private static void CheckString(Run run, ShapeModel shape, string value, string path)
        {
            if (shape.Type != "string")
            {
                run.Add(path, $"is a {shape.Type} ({shape.Name}), not a string");
                return;
            }
            CheckLength(run, shape, value.Length, path, "characters");
            if (shape.EnumValues != null && !shape.EnumValues.Contains(value))
            {
                run.Add(path, $"'{Abbreviate(value)}' is not a value of enum {shape.Name} ({string.Join(", ", shape.EnumValues)})");
            }
            if (shape.Pattern != null)
            {
                var regex = CompilePattern(shape.Pattern);
                if (regex != null && !Matches(regex, value))
                {
                    run.Add(path, $"'{Abbreviate(value)}' does not match the pattern {shape.Pattern} of {shape.Name}");
                }
            }
        }

        // Java's \w and \d are ASCII-only while .NET's take any Unicode letter or digit; spell them out so a
        // value the service would refuse is not let through. Everything else is left to .NET as written.
        private static string JavaToDotNet(string pattern)
        {
            var result = new StringBuilder();
            var inClass = false;
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '\\' && i + 1 < pattern.Length)
                {
                    var next = pattern[++i];
                    if (next == 'w')
                    {
                        result.Append(inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]");
                    }
                    else if (next == 'd')
                    {
                        result.Append(inClass ? "0-9" : "[0-9]");
                    }
                    else
                    {
                        result.Append(c).Append(next);
                    }
                    continue;
                }
                if (c == '[')
                {
                    inClass = true;
                }
                else if (c == ']')
                {
                    inClass = false;
                }
                result.Append(c);
            }
            return result.ToString();
        }

        private static bool Matches(Regex regex, string value)
        {
            try
            {
                return regex.IsMatch(value);
            }
            catch (RegexMatchTimeoutException)
            {
                return true; // Not provably wrong; a catastrophic pattern is not the client's fault.
            }
        }

        /// <summary>The .NET regex for a model pattern, or null if .NET cannot compile it (recorded in <see cref="SkippedPatterns"/>).</summary>
        public static Regex CompilePattern(string pattern) => Patterns.GetOrAdd(pattern, p =>
        {
            try
            {
                // AWS services check the whole value (Java's String.matches), so anchor the model's pattern.
                return new Regex(@"\A(?:" + JavaToDotNet(p) + @")\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                Skipped[p] = e.Message;
                return null;
            }
        });

        private static void CheckLength(Run run, ShapeModel shape, long length, string path, string unit)
        {
            if (shape.Min.HasValue && length < shape.Min.Value)
            {
                run.Add(path, $"length {length} {unit} is below the min {shape.Min} of {shape.Name}");
            }
            if (shape.Max.HasValue && length > shape.Max.Value)
            {
                run.Add(path, $"length {length} {unit} is above the max {shape.Max} of {shape.Name}");
            }
        }

        private static void CheckSize(Run run, ShapeModel shape, int count, string path)
        {
            var unit = shape.Type == "map" ? "entries" : "items";
            if (shape.Min.HasValue && count < shape.Min.Value)
            {
                run.Add(path, $"has {count} {unit}, below the min {shape.Min} of {shape.Name}");
            }
            if (shape.Max.HasValue && count > shape.Max.Value)
            {
                run.Add(path, $"has {count} {unit}, above the max {shape.Max} of {shape.Name}");
            }
        }

        private static void CheckRange(Run run, ShapeModel shape, double value, string path)
        {
            if (shape.Min.HasValue && value < shape.Min.Value)
            {
                run.Add(path, $"{value.ToString(CultureInfo.InvariantCulture)} is below the min {shape.Min} of {shape.Name}");
            }
            if (shape.Max.HasValue && value > shape.Max.Value)
            {
                run.Add(path, $"{value.ToString(CultureInfo.InvariantCulture)} is above the max {shape.Max} of {shape.Name}");
            }
        }

        private static void CheckUnion(Run run, ShapeModel shape, int membersSet, string path)
        {
            if (shape.IsUnion && membersSet != 1)
            {
                run.Add(path.Length == 0 ? shape.Name : path, $"is a union ({shape.Name}): exactly one member must be set, got {membersSet}");
            }
        }

        // ---------------------------------------------------------------- shared checks

        private static void CheckMethodAndRootPath(Run run, OperationModel op, CapturedRequest request)
        {
            if (!string.Equals(request.Method, op.HttpMethod, StringComparison.OrdinalIgnoreCase))
            {
                run.Add("method", $"is {request.Method}, the model says {op.HttpMethod}");
            }
            if (request.Uri.AbsolutePath != op.RequestUri)
            {
                run.Add("path", $"is '{request.Uri.AbsolutePath}', the model says '{op.RequestUri}'");
            }
        }

        private static void CheckContentType(Run run, CapturedRequest request, string expected)
        {
            request.Headers.TryGetValue("Content-Type", out var contentType);
            // Parameters such as "; charset=utf-8" are fine; the media type must be exact.
            var mediaType = contentType?.Split(';')[0].Trim();
            if (!string.Equals(mediaType, expected, StringComparison.OrdinalIgnoreCase))
            {
                run.Add("Content-Type", contentType == null ? $"header is missing; expected '{expected}'" : $"is '{contentType}', expected '{expected}'");
            }
        }

        private static bool IsSpecialFloat(string s) => s == "NaN" || s == "Infinity" || s == "-Infinity";

        private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

        private static string Abbreviate(string s) => s == null ? "null" : s.Length <= 80 ? s : s.Substring(0, 77) + "...";

        private sealed class Run
        {
            private readonly List<string> _problems;

            public Run(List<string> problems)
            {
                _problems = problems;
            }

            public void Add(string path, string message) => _problems.Add($"{(path.Length == 0 ? "(input)" : path)}: {message}");
        }
    }

    /// <summary>Thrown by <see cref="ServiceModelValidator.AssertValid(CapturedRequest)"/>; xunit reports it as an assertion failure.</summary>
    public sealed class ServiceModelValidationException : Xunit.Sdk.XunitException
    {
        public ServiceModelValidationException(string message, IReadOnlyList<string> problems)
            : base(message)
        {
            Problems = problems;
        }

        public IReadOnlyList<string> Problems { get; }
    }
}
