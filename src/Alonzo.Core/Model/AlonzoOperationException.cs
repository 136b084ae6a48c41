using System;

namespace Alonzo
{
    /// <summary>Categories of operation failures, mirroring PowerShell's ErrorCategory names the cmdlets map to.</summary>
    public enum FailureKind
    {
        InvalidOperation,
        ObjectNotFound,
        ResourceUnavailable,
        InvalidArgument,
        PermissionDenied,
        LimitsExceeded,
        OperationTimeout,
    }

    /// <summary>An engine failure with a stable error id and a suggestion for the user.</summary>
    public class AlonzoOperationException : InvalidOperationException
    {
        public AlonzoOperationException(string errorId, FailureKind kind, string message, string recommendedAction = null, Exception inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
            RecommendedAction = recommendedAction;
        }

        public string ErrorId { get; }
        public FailureKind Kind { get; }
        public string RecommendedAction { get; }
    }
}
