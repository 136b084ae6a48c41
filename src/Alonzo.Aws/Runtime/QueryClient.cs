using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using System.Xml.Linq;

namespace Alonzo.Aws.Runtime
{
    /// <summary>
    /// The AWS Query protocol (IAM, STS): every call is a POST to "/" with a form body
    /// <c>Action=..&amp;Version=..&amp;...</c>; replies are XML with the output under
    /// <c>&lt;ActionResponse&gt;&lt;ActionResult&gt;</c>. Error replies never reach this class: the
    /// transport turns them into typed exceptions.
    /// </summary>
    public abstract class QueryClient
    {
        public const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";

        private readonly string _apiVersion;

        protected QueryClient(AwsTransport transport, string apiVersion)
        {
            Transport = transport ?? throw new ArgumentNullException(nameof(transport));
            _apiVersion = apiVersion;
        }

        public AwsTransport Transport { get; }

        /// <summary>Sends the call and returns its <c>&lt;ActionResult&gt;</c> element (an empty one when the reply has none).</summary>
        protected async Task<XElement> InvokeAsync(string action, QueryParameters parameters, bool mutating, CancellationToken cancellationToken)
        {
            var message = new AwsHttpRequest
            {
                Operation = action,
                Method = "POST",
                Path = "/",
                Body = Encoding.UTF8.GetBytes(BuildForm(action, _apiVersion, parameters)),
                ContentType = FormContentType,
                IsMutating = mutating,
            };
            var response = await Transport.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return ReadResult(action, response.Body);
        }

        /// <summary>The form body: Action and Version first, then the parameters in the order given.</summary>
        public static string BuildForm(string action, string version, QueryParameters parameters)
        {
            var form = new StringBuilder();
            form.Append("Action=").Append(Encode(action)).Append("&Version=").Append(Encode(version));
            if (parameters != null)
                foreach (var pair in parameters)
                    form.Append('&').Append(Encode(pair.Key)).Append('=').Append(Encode(pair.Value));
            return form.ToString();
        }

        // RFC 3986 unreserved characters stay as they are; everything else is percent-encoded as UTF-8,
        // which is what the SDKs send and what SigV4 expects of a form body.
        private static string Encode(string value) => Uri.EscapeDataString(value ?? "");

        /// <summary>Finds <c>&lt;ActionResult&gt;</c> in a reply body.</summary>
        public static XElement ReadResult(string action, byte[] body)
        {
            var empty = new XElement(action + "Result");
            if (body == null || body.Length == 0) return empty;
            XDocument document;
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            try
            {
                using (var reader = XmlReader.Create(new MemoryStream(body), settings))
                    document = XDocument.Load(reader);
            }
            catch (XmlException e)
            {
                throw new InvalidDataException($"The reply to {action} is not valid XML: {e.Message}", e);
            }
            var root = document.Root;
            if (root == null) return empty;
            return root.Elements().FirstOrDefault(e => e.Name.LocalName == action + "Result") ?? empty;
        }
    }

    /// <summary>Query-protocol input: flat name/value pairs, with the list and structure flattening AWS uses.</summary>
    public sealed class QueryParameters : IEnumerable<KeyValuePair<string, string>>
    {
        private readonly List<KeyValuePair<string, string>> _pairs = new List<KeyValuePair<string, string>>();

        /// <summary>Adds the pair unless the value is null (absent members are not sent).</summary>
        public QueryParameters Add(string name, string value)
        {
            if (value != null) _pairs.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }

        public QueryParameters Add(string name, int? value) =>
            value.HasValue ? Add(name, value.Value.ToString(CultureInfo.InvariantCulture)) : this;

        public QueryParameters Add(string name, bool? value) =>
            value.HasValue ? Add(name, value.Value ? "true" : "false") : this;

        /// <summary>A list of strings: <c>Name.member.1</c>, <c>Name.member.2</c>, ...</summary>
        public QueryParameters AddList(string name, IEnumerable<string> values)
        {
            if (values == null) return this;
            int index = 0;
            foreach (var value in values)
                Add($"{name}.member.{++index}", value ?? "");
            return this;
        }

        /// <summary>A list of structures: <c>Name.member.N.Field</c> for each field the selector yields.</summary>
        public QueryParameters AddList<T>(string name, IEnumerable<T> items, Func<T, IEnumerable<KeyValuePair<string, string>>> fields)
        {
            if (items == null) return this;
            int index = 0;
            foreach (var item in items)
            {
                index++;
                foreach (var field in fields(item))
                    Add($"{name}.member.{index}.{field.Key}", field.Value);
            }
            return this;
        }

        public int Count => _pairs.Count;

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _pairs.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Reads values out of Query-protocol XML by local name (replies carry a namespace; emulators sometimes do not).</summary>
    public static class QueryXml
    {
        public static XElement Child(this XElement parent, string name) =>
            parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

        public static string Text(this XElement parent, string name) => parent.Child(name)?.Value;

        public static bool Bool(this XElement parent, string name) =>
            string.Equals(parent.Text(name)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

        public static int? Int(this XElement parent, string name)
        {
            var text = parent.Text(name);
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : (int?)null;
        }

        /// <summary>ISO 8601 timestamps, as UTC.</summary>
        public static DateTime? Date(this XElement parent, string name)
        {
            var text = parent.Text(name);
            if (string.IsNullOrEmpty(text)) return null;
            return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value)
                ? value
                : (DateTime?)null;
        }

        /// <summary>The <c>&lt;member&gt;</c> items of a wrapped list element (none when it is absent).</summary>
        public static IEnumerable<XElement> Members(this XElement parent, string name)
        {
            var list = parent.Child(name);
            return list == null ? Enumerable.Empty<XElement>() : list.Elements().Where(e => e.Name.LocalName == "member");
        }
    }
}
