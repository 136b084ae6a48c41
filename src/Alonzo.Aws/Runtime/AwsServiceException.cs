using System;
using System.Net;

namespace Alonzo.Aws.Runtime
{
    /// <summary>An error reply from an AWS service: the service's error code, message and request id.</summary>
    public class AwsServiceException : Exception
    {
        public AwsServiceException(string service, string operation, string errorCode, string message,
            string requestId, HttpStatusCode statusCode, Exception inner = null)
            : base(BuildMessage(errorCode, message), inner)
        {
            Service = service;
            Operation = operation;
            ErrorCode = errorCode;
            ServiceMessage = message;
            RequestId = requestId;
            StatusCode = statusCode;
        }

        public string Service { get; }
        public string Operation { get; }
        public string ErrorCode { get; }
        public string ServiceMessage { get; }
        public string RequestId { get; }
        public HttpStatusCode StatusCode { get; }

        private static string BuildMessage(string code, string message) =>
            string.IsNullOrEmpty(message) ? code : $"{code}: {message}";

        /// <summary>Builds the most specific exception type for an error code.</summary>
        public static AwsServiceException Create(string service, string operation, string errorCode, string message,
            string requestId, HttpStatusCode statusCode)
        {
            errorCode = string.IsNullOrEmpty(errorCode) ? "Http" + (int)statusCode : errorCode;
            if (AwsErrorCodes.IsAuthentication(errorCode))
                return new AwsAuthenticationException(service, operation, errorCode, message, requestId, statusCode);
            if (AwsErrorCodes.IsAccessDenied(errorCode))
                return new AwsAccessDeniedException(service, operation, errorCode, message, requestId, statusCode);
            if (AwsErrorCodes.IsNotFound(errorCode))
                return new AwsResourceNotFoundException(service, operation, errorCode, message, requestId, statusCode);
            if (AwsErrorCodes.IsThrottling(errorCode))
                return new AwsThrottlingException(service, operation, errorCode, message, requestId, statusCode);
            if (AwsErrorCodes.IsConflict(errorCode))
                return new AwsConflictException(service, operation, errorCode, message, requestId, statusCode);
            if (AwsErrorCodes.IsValidation(errorCode))
                return new AwsValidationException(service, operation, errorCode, message, requestId, statusCode);
            return new AwsServiceException(service, operation, errorCode, message, requestId, statusCode);
        }
    }

    /// <summary>The request's signature or credentials were refused (wrong secret, unknown key, expired token).</summary>
    public sealed class AwsAuthenticationException : AwsServiceException
    {
        public AwsAuthenticationException(string s, string o, string c, string m, string r, HttpStatusCode h) : base(s, o, c, m, r, h) { }
    }

    /// <summary>The caller is known but not allowed to do this.</summary>
    public sealed class AwsAccessDeniedException : AwsServiceException
    {
        public AwsAccessDeniedException(string s, string o, string c, string m, string r, HttpStatusCode h) : base(s, o, c, m, r, h) { }
    }

    public sealed class AwsResourceNotFoundException : AwsServiceException
    {
        public AwsResourceNotFoundException(string s, string o, string c, string m, string r, HttpStatusCode h) : base(s, o, c, m, r, h) { }
    }

    public sealed class AwsThrottlingException : AwsServiceException
    {
        public AwsThrottlingException(string s, string o, string c, string m, string r, HttpStatusCode h) : base(s, o, c, m, r, h) { }
    }

    /// <summary>The resource exists, is in use, or is being changed by another request.</summary>
    public sealed class AwsConflictException : AwsServiceException
    {
        public AwsConflictException(string s, string o, string c, string m, string r, HttpStatusCode h) : base(s, o, c, m, r, h) { }
    }

    public sealed class AwsValidationException : AwsServiceException
    {
        public AwsValidationException(string s, string o, string c, string m, string r, HttpStatusCode h) : base(s, o, c, m, r, h) { }
    }

    /// <summary>
    /// The AWS SDK stopped a call on the client side without a service reply and without a network
    /// failure: a configuration it refuses, or retry capacity it could not obtain. Carries no SDK types.
    /// </summary>
    public sealed class AwsClientException : Exception
    {
        public AwsClientException(string service, string operation, string message) : base(message)
        {
            Service = service;
            Operation = operation;
        }

        public string Service { get; }
        public string Operation { get; }
    }

    /// <summary>Alonzo could not work out credentials, region or endpoint; says what it tried.</summary>
    public sealed class AwsConfigurationException : Exception
    {
        public AwsConfigurationException(string kind, string message, Exception inner = null) : base(message, inner) { Kind = kind; }

        /// <summary>Credentials, Region or Endpoint.</summary>
        public string Kind { get; }
    }
}
