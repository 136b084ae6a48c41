using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Alonzo.Tests.ServiceModels
{
    /// <summary>An HTTP request as a client put it on the wire, ready for <see cref="ServiceModelValidator"/>.</summary>
    public sealed class CapturedRequest
    {
        public string Method { get; set; } = "POST";

        public Uri Uri { get; set; }

        /// <summary>Request and content headers alike; multiple values joined with ", ".</summary>
        public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public byte[] Body { get; set; } = Array.Empty<byte>();

        public string BodyText => Encoding.UTF8.GetString(Body ?? Array.Empty<byte>());

        /// <summary>Copies what an <see cref="HttpMessageHandler"/> was given, reading the content without consuming the original.</summary>
        public static async Task<CapturedRequest> FromHttpRequestAsync(HttpRequestMessage request)
        {
            var captured = new CapturedRequest { Method = request.Method.Method, Uri = request.RequestUri };
            foreach (var header in request.Headers)
            {
                captured.Headers[header.Key] = string.Join(", ", header.Value);
            }
            if (request.Content != null)
            {
                foreach (var header in request.Content.Headers)
                {
                    captured.Headers[header.Key] = string.Join(", ", header.Value);
                }
                captured.Body = await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            }
            return captured;
        }

        /// <summary>Builds a request by hand (self-tests, or clients that do not go through HttpClient).</summary>
        public static CapturedRequest Create(string method, string uri, string body = null, params (string Name, string Value)[] headers)
        {
            var captured = new CapturedRequest
            {
                Method = method,
                Uri = new Uri(uri, UriKind.Absolute),
                Body = body == null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(body),
            };
            foreach (var (name, value) in headers)
            {
                captured.Headers[name] = value;
            }
            return captured;
        }

        public override string ToString() => $"{Method} {Uri}";
    }

    /// <summary>
    /// An <see cref="HttpMessageHandler"/> that records every request and answers with a canned response,
    /// so a client under test can be pointed at it and its requests validated afterwards.
    /// </summary>
    public sealed class RecordingHttpHandler : HttpMessageHandler
    {
        private readonly Func<CapturedRequest, HttpResponseMessage> _respond;
        private readonly List<CapturedRequest> _requests = new List<CapturedRequest>();

        /// <param name="respond">Builds the reply; by default 200 with an empty JSON object.</param>
        public RecordingHttpHandler(Func<CapturedRequest, HttpResponseMessage> respond = null)
        {
            _respond = respond ?? (_ => new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            });
        }

        public IReadOnlyList<CapturedRequest> Requests
        {
            get { lock (_requests) { return _requests.ToList(); } }
        }

        public CapturedRequest Last
        {
            get { lock (_requests) { return _requests.LastOrDefault(); } }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var captured = await CapturedRequest.FromHttpRequestAsync(request).ConfigureAwait(false);
            lock (_requests)
            {
                _requests.Add(captured);
            }
            var response = _respond(captured);
            response.RequestMessage = request;
            return response;
        }
    }
}
