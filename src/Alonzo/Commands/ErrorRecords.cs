using System;
using System.Management.Automation;
using System.Net.Http;
using Alonzo.Aws.Runtime;
using Alonzo.Validation;
using Alonzo.Waiting;

namespace Alonzo.Commands
{
    /// <summary>
    /// Maps engine and wire exceptions to error records: a stable ErrorId a script can test
    /// (<c>$_.FullyQualifiedErrorId -like 'AwsAuthenticationFailed*'</c>), a specific category, the
    /// resource as target, and a recommended action.
    /// </summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(Exception exception, object target)
        {
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1)
                exception = aggregate.InnerException;

            switch (exception)
            {
                case AlonzoValidationException v:
                    return Build(v, v.ErrorId, ErrorCategory.InvalidArgument, v.Value ?? target, null);

                case AlonzoOperationException o:
                    return Build(o, o.ErrorId, Category(o.Kind), target, o.RecommendedAction);

                case AwsConfigurationException c:
                    return Build(c, c.Kind == "Credentials" ? "NoCredentials" : c.Kind == "Region" ? "NoRegion" : c.Kind == "Retry" ? "InvalidRetrySettings" : "InvalidEndpoint",
                        c.Kind == "Credentials" ? ErrorCategory.AuthenticationError : ErrorCategory.InvalidArgument, target, null);

                case AwsAuthenticationException a:
                    return Build(new AwsFailure(
                            $"AWS refused the credentials for {a.Service} {a.Operation}: {a.Message}. The access key id or secret access key is wrong, the key was deleted or deactivated, or a session token expired (request id {a.RequestId ?? "none"}).", a),
                        "AwsAuthenticationFailed", ErrorCategory.AuthenticationError, target,
                        "Check the key with 'aws sts get-caller-identity', or pass the right -Credential or -ProfileName.");

                case AwsAccessDeniedException d:
                    return Build(new AwsFailure($"Access denied for {d.Service} {d.Operation}: {d.ServiceMessage} (request id {d.RequestId ?? "none"}).", d),
                        "AwsAccessDenied", ErrorCategory.PermissionDenied, target,
                        "Grant the calling identity the permission named above, or use another profile.");

                case AwsResourceNotFoundException nf:
                    return Build(new AwsFailure($"{nf.Service} {nf.Operation}: {nf.ServiceMessage ?? nf.ErrorCode}", nf),
                        "AwsResourceNotFound", ErrorCategory.ObjectNotFound, target, null);

                case AwsThrottlingException t:
                    return Build(new AwsFailure($"{t.Service} {t.Operation} was throttled after all retries: {t.Message}", t),
                        "AwsThrottled", ErrorCategory.LimitsExceeded, target,
                        "Try again later, or raise AWS_MAX_ATTEMPTS.");

                case AwsConflictException cf:
                    return Build(new AwsFailure($"{cf.Service} {cf.Operation}: {cf.Message}", cf),
                        "AwsConflict." + cf.ErrorCode, ErrorCategory.ResourceBusy, target, null);

                case AwsValidationException va:
                    return Build(new AwsFailure($"{va.Service} {va.Operation} rejected the request: {va.Message}", va),
                        "AwsInvalidRequest." + va.ErrorCode, ErrorCategory.InvalidArgument, target, null);

                case AwsServiceException s:
                    return Build(new AwsFailure($"{s.Service} {s.Operation} failed: {s.Message} (HTTP {(int)s.StatusCode}, request id {s.RequestId ?? "none"}).", s),
                        "AwsServiceError." + s.ErrorCode, ErrorCategory.NotSpecified, target, null);

                case AwsPaginationException p:
                    return Build(p, "AwsPaginationLoop", ErrorCategory.InvalidResult, target,
                        "Run the command again; if the endpoint keeps repeating its page tokens, it does not page correctly.");

                case AwsClientException ce:
                    return Build(ce, "AwsClientError", ErrorCategory.InvalidOperation, target, null);

                case WaitTimeoutException w:
                    return Build(w, "WaitTimedOut", ErrorCategory.OperationTimeout, target, "Check again later, or wait longer with -TimeoutSec.");

                case TimeoutException to:
                    return Build(to, "AwsTimeout", ErrorCategory.OperationTimeout, target, null);

                case HttpRequestException h:
                    return Build(h, "EndpointUnreachable", ErrorCategory.ConnectionError, target,
                        "Check -EndpointUrl, AWS_ENDPOINT_URL and the network.");

                default:
                    return Build(exception, "AlonzoUnexpectedError", ErrorCategory.NotSpecified, target, null);
            }
        }

        /// <summary>
        /// The ErrorCategory of an engine failure kind. The kinds carry PowerShell's category names, but a
        /// kind added to the engine without a category of that name must still make an error record:
        /// it gets the general InvalidOperation rather than failing the error report itself.
        /// </summary>
        internal static ErrorCategory Category(FailureKind kind)
        {
            string name = kind.ToString();
            return Enum.IsDefined(typeof(ErrorCategory), name) ? (ErrorCategory)Enum.Parse(typeof(ErrorCategory), name) : ErrorCategory.InvalidOperation;
        }

        private static ErrorRecord Build(Exception exception, string errorId, ErrorCategory category, object target, string recommendedAction)
        {
            var record = new ErrorRecord(exception, errorId, category, target);
            if (recommendedAction != null)
                record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = recommendedAction };
            return record;
        }

        /// <summary>Wraps a service error with a message written for the person running the command.</summary>
        private sealed class AwsFailure : Exception
        {
            public AwsFailure(string message, AwsServiceException inner) : base(message, inner) { }
        }
    }
}
