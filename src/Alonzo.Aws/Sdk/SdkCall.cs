#nullable enable
using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Runtime;
using Amazon.Runtime;

namespace Alonzo.Aws.Sdk
{
    /// <summary>
    /// One call of an SDK client on behalf of an Alonzo client: names the operation as the service's API
    /// does (the SDK's request type names differ for some, PutBucket for CreateBucket), so the call lines
    /// and errors read like those of Alonzo's own clients, and turns every SDK exception into Alonzo's:
    /// service errors into <see cref="AwsServiceException"/> subclasses, network failures into
    /// <see cref="HttpRequestException"/>, attempts without an answer into <see cref="TimeoutException"/>.
    /// </summary>
    internal static class SdkCall
    {
        internal sealed class Operation
        {
            public Operation(string name, bool isMutating)
            {
                Name = name;
                IsMutating = isMutating;
            }

            public string Name { get; }
            public bool IsMutating { get; }
        }

        // Flows into the SDK's pipeline (its handlers run in this call's async flow) and ends with it.
        private static readonly AsyncLocal<Operation?> CurrentOperation = new AsyncLocal<Operation?>();

        public static async Task<T> RunAsync<T>(SdkClientSettings settings, string operation, bool mutating,
            Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        {
            CurrentOperation.Value = new Operation(operation, mutating);
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OutOfMemoryException) && Translate(settings, operation, e, cancellationToken) is Exception alonzo)
            {
                throw alonzo;
            }
        }

        public static Task RunAsync(SdkClientSettings settings, string operation, bool mutating,
            Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
            RunAsync<bool>(settings, operation, mutating, async ct =>
            {
                await call(ct).ConfigureAwait(false);
                return true;
            }, cancellationToken);

        /// <summary>The operation of the call in progress, as the API names it; the SDK's request name otherwise.</summary>
        public static Operation Current(IRequestContext context)
        {
            var current = CurrentOperation.Value;
            if (current != null) return current;
            string name = context.RequestName ?? context.OriginalRequest?.GetType().Name ?? "Request";
            if (name.EndsWith("Request", StringComparison.Ordinal) && name.Length > "Request".Length)
                name = name.Substring(0, name.Length - "Request".Length);
            return new Operation(name, !IsReadOnly(name));
        }

        private static bool IsReadOnly(string operation) =>
            operation.StartsWith("Describe", StringComparison.Ordinal) || operation.StartsWith("Get", StringComparison.Ordinal) ||
            operation.StartsWith("List", StringComparison.Ordinal) || operation.StartsWith("Head", StringComparison.Ordinal);

        /// <summary>Alonzo's exception for an SDK failure; null to let it through unchanged (the caller's own cancellation).</summary>
        public static Exception? Translate(SdkClientSettings settings, string operation, Exception exception, CancellationToken cancellationToken)
        {
            string service = settings.Service.DisplayName;
            switch (exception)
            {
                case AmazonServiceException s when s.StatusCode != 0 || !string.IsNullOrEmpty(s.ErrorCode):
                    return AwsServiceException.Create(service, operation, s.ErrorCode ?? AwsErrorParser.DefaultCode(s.StatusCode),
                        ServiceMessage(s), s.RequestId, s.StatusCode);
                case OperationCanceledException _ when cancellationToken.IsCancellationRequested:
                    return null;
                case OperationCanceledException _:
                case TimeoutException _:
                    return new TimeoutException($"{service} {operation} did not answer within {settings.AttemptTimeout.TotalSeconds:0} seconds ({settings.Endpoint}).");
            }
            var network = NetworkFailure(exception);
            if (network != null)
                return new HttpRequestException($"{service} {operation} could not reach {settings.Endpoint}: {network.Message}");
            if (exception is AmazonClientException)
                return new AwsClientException(service, operation, $"{service} {operation} could not be sent: {exception.Message}");
            return null;
        }

        /// <summary>
        /// The service's own message. For a reply without a body (HEAD) the SDK writes a sentence around
        /// the status ("Error making request with Error Code NotFound..."), which says less than the code.
        /// </summary>
        private static string? ServiceMessage(AmazonServiceException exception) =>
            exception.Message != null && exception.Message.StartsWith("Error making request with Error Code", StringComparison.Ordinal)
                ? null
                : exception.Message;

        private static Exception? NetworkFailure(Exception exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e is HttpRequestException || e is SocketException || e is WebException || e is IOException)
                    return e.GetBaseException();
            }
            return null;
        }
    }
}
