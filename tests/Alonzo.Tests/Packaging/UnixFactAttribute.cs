using System;
using Xunit;

namespace Alonzo.Tests.Packaging
{
    /// <summary>
    /// A fact about POSIX file modes and symbolic links: reported as skipped, with the reason, on Windows,
    /// which has neither in the form a Lambda zip stores them.
    /// </summary>
    public sealed class UnixFactAttribute : FactAttribute
    {
        public UnixFactAttribute()
        {
            if (OperatingSystem.IsWindows())
                Skip = "Needs POSIX file modes and symbolic links (Linux or macOS); Windows has neither in the form a Lambda zip stores them.";
        }
    }
}
