using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Alonzo.Aws.Runtime
{
    /// <summary>
    /// The restJson1 protocol (Lambda): the operation is the HTTP method and path, some input members
    /// travel in the path, query string or headers, the rest as a JSON body.
    /// </summary>
    public abstract class RestJsonClient
    {
        protected RestJsonClient(AwsTransport transport)
        {
            Transport = transport;
        }

        public AwsTransport Transport { get; }

        /// <summary>Describes one call: the model's method and path template, and where inputs go.</summary>
        protected sealed class RestCall
        {
            public RestCall(string operation, string method, string pathTemplate, bool mutating)
            {
                Operation = operation; Method = method; PathTemplate = pathTemplate; Mutating = mutating;
            }

            public string Operation { get; }
            public string Method { get; }
            public string PathTemplate { get; }
            public bool Mutating { get; }
            public Dictionary<string, string> PathValues { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
            public Dictionary<string, string> Query { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
            public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            public object Body { get; set; }
            /// <summary>A raw payload (Invoke), sent as is instead of a JSON-serialised Body.</summary>
            public byte[] RawBody { get; set; }
            public bool IsIdempotent { get; set; } = true;
            public TimeSpan? AttemptTimeout { get; set; }

            public RestCall Path(string label, string value) { PathValues[label] = value; return this; }
            public RestCall QueryIf(string name, string value) { if (!string.IsNullOrEmpty(value)) Query[name] = value; return this; }
            public RestCall QueryIf(string name, int? value) { if (value.HasValue) Query[name] = value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture); return this; }
            public RestCall HeaderIf(string name, string value) { if (!string.IsNullOrEmpty(value)) Headers[name] = value; return this; }
        }

        protected async Task<AwsHttpResponse> SendAsync(RestCall call, CancellationToken cancellationToken)
        {
            var request = new AwsHttpRequest
            {
                Operation = call.Operation,
                Method = call.Method,
                Path = call.PathTemplate,
                IsMutating = call.Mutating,
                IsIdempotent = call.IsIdempotent,
                AttemptTimeout = call.AttemptTimeout,
            };
            foreach (var p in call.PathValues) request.PathResources[p.Key] = p.Value;
            foreach (var q in call.Query) request.Query[q.Key] = q.Value;
            foreach (var h in call.Headers) request.Headers[h.Key] = h.Value;
            if (call.RawBody != null)
            {
                request.Body = call.RawBody;
                request.ContentType = "application/octet-stream";
            }
            else if (call.Body != null)
            {
                request.Body = AwsJson.Serialize(call.Body);
                request.ContentType = "application/json";
            }
            return await Transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        protected async Task<TResponse> InvokeAsync<TResponse>(RestCall call, CancellationToken cancellationToken) where TResponse : new()
        {
            var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
            return AwsJson.Deserialize<TResponse>(response.Body);
        }
    }
}
