using System;
using System.Collections.Generic;
using System.Net;

namespace Alonzo.Aws.Runtime
{
    /// <summary>A fully read HTTP reply. Bodies here are small (API replies), so they are kept in memory.</summary>
    public sealed class AwsHttpResponse
    {
        public AwsHttpResponse(HttpStatusCode statusCode, IDictionary<string, string> headers, byte[] body)
        {
            StatusCode = statusCode;
            Headers = new Dictionary<string, string>(headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
            Body = body ?? Array.Empty<byte>();
        }

        public HttpStatusCode StatusCode { get; }
        public IReadOnlyDictionary<string, string> Headers { get; }
        public byte[] Body { get; }
        public bool IsSuccess => (int)StatusCode >= 200 && (int)StatusCode < 300;

        public string GetHeader(string name) => Headers.TryGetValue(name, out var v) ? v : null;
    }

    /// <summary>What a client asks the transport to send; the transport signs and retries it.</summary>
    public sealed class AwsHttpRequest
    {
        public string Operation { get; set; }
        public string Method { get; set; } = "POST";
        /// <summary>Path starting with '/', with {Label} placeholders filled from PathResources.</summary>
        public string Path { get; set; } = "/";
        /// <summary>Unescaped values for the path's {Label} placeholders; the SDK escapes them for the URL and the signature alike.</summary>
        public IDictionary<string, string> PathResources { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        public IDictionary<string, string> Query { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
        public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public byte[] Body { get; set; }
        public string ContentType { get; set; }
        /// <summary>True for calls that change something; recorded in the call log.</summary>
        public bool IsMutating { get; set; }
        /// <summary>
        /// False for calls that must not run twice (Invoke): a timeout or dropped connection after the
        /// request went out is then not retried, because the service may already have acted on it.
        /// </summary>
        public bool IsIdempotent { get; set; } = true;
        /// <summary>Overrides the transport's per-attempt timeout (Invoke waits as long as a function may run).</summary>
        public System.TimeSpan? AttemptTimeout { get; set; }
    }
}
