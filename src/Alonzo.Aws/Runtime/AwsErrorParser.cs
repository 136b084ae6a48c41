using System;
using System.IO;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace Alonzo.Aws.Runtime
{
    /// <summary>
    /// Reads an error reply in any of AWS's formats: JSON 1.x (<c>__type</c>), REST-JSON
    /// (<c>X-Amzn-ErrorType</c> header, <c>Message</c>/<c>message</c>), and Query/REST-XML
    /// (<c>&lt;Error&gt;&lt;Code&gt;</c>). Sniffing the body rather than trusting the protocol matters
    /// because gateways and emulators sometimes answer a JSON service with an XML error. JSON services
    /// that used to speak Query (CloudWatch, SQS) also send <c>x-amzn-query-error: Code;Sender</c>, whose
    /// code is the one their Query API and documentation use; it wins, as in botocore.
    /// </summary>
    public static class AwsErrorParser
    {
        public static AwsServiceException Parse(string service, string operation, AwsHttpResponse response)
        {
            string code = null, message = null, requestId = null;
            string headerType = response.GetHeader("x-amzn-ErrorType");
            requestId = response.GetHeader("x-amzn-RequestId") ?? response.GetHeader("x-amz-request-id");

            string body = response.Body == null || response.Body.Length == 0 ? "" : Encoding.UTF8.GetString(response.Body);
            string trimmed = body.TrimStart();
            if (trimmed.StartsWith("{", StringComparison.Ordinal))
                ReadJson(trimmed, ref code, ref message);
            else if (trimmed.StartsWith("<", StringComparison.Ordinal))
                ReadXml(trimmed, ref code, ref message, ref requestId);

            if (!string.IsNullOrEmpty(headerType))
                code = code ?? headerType;
            code = NormalizeCode(code);
            code = QueryCompatibleCode(response.GetHeader("x-amzn-query-error")) ?? code;
            if (string.IsNullOrEmpty(message) && body.Length > 0 && body.Length < 512 && !trimmed.StartsWith("<", StringComparison.Ordinal))
                message = body.Trim();
            if (string.IsNullOrEmpty(code))
                code = DefaultCode(response.StatusCode);
            return AwsServiceException.Create(service, operation, code, message, requestId, response.StatusCode);
        }

        /// <summary>
        /// "com.amazon.coral.service#ResourceNotFoundException" and
        /// "ResourceNotFoundException:http://internal.amazon.com/coral/..." both mean ResourceNotFoundException.
        /// </summary>
        public static string NormalizeCode(string code)
        {
            if (string.IsNullOrEmpty(code)) return code;
            int hash = code.LastIndexOf('#');
            if (hash >= 0) code = code.Substring(hash + 1);
            int colon = code.IndexOf(':');
            if (colon >= 0) code = code.Substring(0, colon);
            return code.Trim();
        }

        /// <summary>The code of an <c>x-amzn-query-error</c> header (<c>Code;Sender</c> or <c>Code;Receiver</c>); null when absent or malformed.</summary>
        public static string QueryCompatibleCode(string header)
        {
            if (string.IsNullOrEmpty(header)) return null;
            string[] parts = header.Split(';');
            return parts.Length == 2 && parts[0].Trim().Length > 0 ? parts[0].Trim() : null;
        }

        /// <summary>The code a reply without one stands for, by its status (a HEAD reply has no body).</summary>
        internal static string DefaultCode(HttpStatusCode status)
        {
            switch ((int)status)
            {
                case 400: return "BadRequest";
                case 403: return "AccessDenied";
                case 404: return "NotFound";
                case 413: return "RequestTooLargeException";
                case 429: return "TooManyRequestsException";
                case 500: return "InternalError";
                case 502: return "BadGateway";
                case 503: return "ServiceUnavailable";
                case 504: return "GatewayTimeout";
                default: return "Http" + (int)status;
            }
        }

        private static void ReadJson(string body, ref string code, ref string message)
        {
            try
            {
                using (var doc = JsonDocument.Parse(body))
                {
                    if (doc.RootElement.ValueKind != JsonValueKind.Object) return;
                    foreach (var p in doc.RootElement.EnumerateObject())
                    {
                        if (p.Value.ValueKind != JsonValueKind.String) continue;
                        switch (p.Name)
                        {
                            case "__type": code = p.Value.GetString(); break;
                            case "code": case "Code": code = code ?? p.Value.GetString(); break;
                            case "message": case "Message": case "errorMessage": message = p.Value.GetString(); break;
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: the raw text becomes the message.
            }
        }

        private static void ReadXml(string body, ref string code, ref string message, ref string requestId)
        {
            try
            {
                var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
                XDocument doc;
                using (var reader = XmlReader.Create(new StringReader(body), settings))
                    doc = XDocument.Load(reader);
                // <ErrorResponse><Error><Code> (Query), <Response><Errors><Error><Code> (EC2-style), <Error><Code> (REST-XML)
                var error = doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
                if (error != null)
                {
                    code = code ?? Child(error, "Code");
                    message = message ?? Child(error, "Message");
                }
                requestId = requestId ?? doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId" || e.Name.LocalName == "RequestID")?.Value;
            }
            catch (XmlException)
            {
                // Malformed XML (an HTML error page, say): the status decides.
            }
        }

        private static string Child(XElement parent, string name) =>
            parent.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
    }
}
