using System;

namespace Alonzo.Validation
{
    /// <summary>Bad input found before any call was made. Carries a stable error id and the offending value.</summary>
    public sealed class AlonzoValidationException : ArgumentException
    {
        public AlonzoValidationException(string errorId, string parameterName, object value, string message)
            : base(message, parameterName)
        {
            ErrorId = errorId;
            Value = value;
        }

        public string ErrorId { get; }
        public object Value { get; }

        // ArgumentException appends "(Parameter 'x')"; the message already names the parameter.
        public override string Message => base.Message.Split(new[] { Environment.NewLine }, StringSplitOptions.None)[0].Replace(" (Parameter '" + ParamName + "')", "");
    }
}
