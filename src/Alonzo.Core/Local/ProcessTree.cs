using System;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Alonzo.Local
{
    /// <summary>
    /// Ends a process with everything it started, as Lambda ends an execution environment: what a
    /// handler spawned must not outlive a timeout. .NET Core 3.0 and later do this themselves
    /// (Process.Kill(true)); on .NET Framework, taskkill /T does it on Windows.
    /// </summary>
    public static class ProcessTree
    {
        private static readonly MethodInfo KillTree = typeof(Process).GetMethod("Kill", new[] { typeof(bool) });

        public static void Kill(Process process)
        {
            if (process == null) return;
            try
            {
                if (process.HasExited) return;
                if (KillTree != null)
                {
                    KillTree.Invoke(process, new object[] { true });
                    return;
                }
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                {
                    using (var taskkill = Process.Start(new ProcessStartInfo("taskkill", $"/T /F /PID {process.Id}") { UseShellExecute = false, CreateNoWindow = true }))
                        taskkill?.WaitForExit(10000);
                }
                if (!process.HasExited) process.Kill();
            }
            catch (Exception e) when (e is InvalidOperationException || e is System.ComponentModel.Win32Exception || e is TargetInvocationException || e is NotSupportedException)
            {
                // Exited meanwhile: nothing left to end.
            }
        }
    }
}
