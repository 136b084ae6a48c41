namespace Alonzo
{
    /// <summary>The outcome of one Invoke-AlonzoFunction call.</summary>
    public sealed class AlonzoInvocation
    {
        public string FunctionName { get; set; }
        public int StatusCode { get; set; }
        /// <summary>Null when the handler returned normally; "Unhandled" or "Handled" when it raised.</summary>
        public string FunctionError { get; set; }
        public string ExecutedVersion { get; set; }
        public string InvocationType { get; set; }
        /// <summary>The reply parsed from JSON (dictionaries, lists, numbers, strings), or the text when it is not JSON.</summary>
        public object Payload { get; set; }
        public string PayloadText { get; set; }
        /// <summary>The last 4 KB of the function's log for this call, decoded (RequestResponse only).</summary>
        public string LogTail { get; set; }
        public bool Succeeded => FunctionError == null && StatusCode >= 200 && StatusCode < 300;
    }
}
