using System.Threading;
using System.Threading.Tasks;

namespace Alonzo.Aws.Runtime
{
    /// <summary>
    /// The awsJson1.0/1.1 protocol (Kinesis, CloudWatch Logs): every call is a POST to "/" with the
    /// operation in X-Amz-Target and the input as a JSON body.
    /// </summary>
    public abstract class JsonRpcClient
    {
        private readonly string _targetPrefix;
        private readonly string _contentType;

        protected JsonRpcClient(AwsTransport transport, string targetPrefix, string jsonVersion)
        {
            Transport = transport;
            _targetPrefix = targetPrefix;
            _contentType = "application/x-amz-json-" + jsonVersion;
        }

        public AwsTransport Transport { get; }

        protected async Task<TResponse> InvokeAsync<TRequest, TResponse>(string operation, TRequest request, bool mutating, CancellationToken cancellationToken)
            where TResponse : new()
        {
            var message = new AwsHttpRequest
            {
                Operation = operation,
                Method = "POST",
                Path = "/",
                Body = AwsJson.Serialize(request),
                ContentType = _contentType,
                IsMutating = mutating,
            };
            message.Headers["X-Amz-Target"] = _targetPrefix + "." + operation;
            var response = await Transport.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return AwsJson.Deserialize<TResponse>(response.Body);
        }
    }
}
