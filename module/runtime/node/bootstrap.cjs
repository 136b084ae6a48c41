/*
 * Alonzo's local Lambda runtime for Node.js handlers.
 *
 * Started by Invoke-AlonzoFunction -Local with the function's folder as working folder and the
 * environment Lambda gives a function. It loads the handler the way Lambda's Node.js runtime
 * interface client does (CommonJS, ES modules, nested handler paths), patches console as Lambda
 * does, and runs one invocation per request read from standard input, until standard input closes.
 * The handler's output and the runtime's log lines go to standard output, in order; the messages to
 * Alonzo travel in the same stream as frames that start with a record separator and a per-process
 * token.
 *
 * Requests (standard input):  I <request id> <deadline epoch ms> <trace id> <length>\n<event bytes>
 * Frames (standard output):   \x1e<token> <kind> <duration us> <length>\n<payload bytes>
 *   kind R: ready; E: the handler could not be loaded; O: the handler returned; F: it failed;
 *   D: it failed and the process is ending (an uncaught exception), so the next invocation starts cold.
 *
 * Reading a request blocks the event loop, so timers a handler left running wait until the next
 * invocation, as they do in a Lambda execution environment that is frozen between invocations.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const util = require('util');
const { pathToFileURL } = require('url');
const { Writable } = require('stream');

const token = process.env._ALONZO_CHANNEL;
const functionArn = process.env._ALONZO_FUNCTION_ARN;
delete process.env._ALONZO_CHANNEL;
delete process.env._ALONZO_FUNCTION_ARN;
const framePrefix = Buffer.from('\x1e' + token + ' ', 'latin1');
const REQUEST_ID_SYMBOL = Symbol.for('aws.lambda.runtime.requestId');

function pause(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function writeAll(buffer) {
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += fs.writeSync(1, buffer, offset, buffer.length - offset);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
      pause(1);
    }
  }
}

function sendFrame(kind, payload, durationUs) {
  const body = Buffer.from(payload, 'utf8');
  const header = Buffer.from(`${kind} ${durationUs || 0} ${body.length}\n`, 'latin1');
  writeAll(Buffer.concat([framePrefix, header, body]));
}

// process.stdout and process.stderr write straight to descriptor 1, so that what the handler
// writes and the frames keep their order.
function synchronousStream(fd) {
  const stream = new Writable({
    write(chunk, encoding, callback) {
      writeAll(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
      callback();
    },
  });
  stream.fd = fd;
  stream.isTTY = false;
  return stream;
}
const stdoutStream = synchronousStream(1);
const stderrStream = synchronousStream(2);
Object.defineProperty(process, 'stdout', { configurable: true, enumerable: true, get: () => stdoutStream });
Object.defineProperty(process, 'stderr', { configurable: true, enumerable: true, get: () => stderrStream });

// --- Errors, as the runtime interface client defines them (Errors.js) ---
const errorClasses = {};
for (const name of ['ImportModuleError', 'HandlerNotFound', 'MalformedHandlerName', 'UserCodeSyntaxError', 'UnhandledPromiseRejection']) {
  const cls = class extends Error {};
  Object.defineProperty(cls, 'name', { value: name });
  cls.prototype.name = `Runtime.${name}`;
  errorClasses[name] = cls;
}

function isError(obj) {
  return obj && obj.name && obj.message && obj.stack &&
    typeof obj.name === 'string' && typeof obj.message === 'string' && typeof obj.stack === 'string';
}

function intoError(err) {
  return err instanceof Error ? err : new Error(err);
}

function toRapidResponse(error) {
  try {
    if (util.types.isNativeError(error) || isError(error)) {
      return { errorType: error.name, errorMessage: error.message, trace: error.stack.split('\n') };
    }
    return { errorType: typeof error, errorMessage: error.toString(), trace: [] };
  } catch (_err) {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

function withEnumerableProperties(error) {
  if (error instanceof Error) {
    const ret = Object.assign({ errorType: error.name, errorMessage: error.message, code: error.code }, error);
    if (typeof error.stack == 'string') ret.stack = error.stack.split('\n');
    return ret;
  }
  return error;
}

function toFormatted(error) {
  try {
    return '\t' + JSON.stringify(error, (_k, v) => withEnumerableProperties(v));
  } catch (err) {
    return '\t' + JSON.stringify(toRapidResponse(error));
  }
}

// --- console, as Lambda patches it (LogPatch.js, text format) ---
const levels = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
const minimum = levels[(process.env.AWS_LAMBDA_LOG_LEVEL || '').toUpperCase()] || levels.TRACE;
function log(level, message, ...params) {
  const line = `${new Date().toISOString()}\t${global[REQUEST_ID_SYMBOL]}\t${level}\t${util.format(message, ...params)}\n`;
  writeAll(Buffer.from(line, 'utf8'));
}
for (const [method, level] of [['trace', 'TRACE'], ['debug', 'DEBUG'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR']]) {
  console[method] = levels[level] >= minimum ? (msg, ...params) => log(level, msg, ...params) : () => {};
}
console.log = console.info;
console.fatal = (msg, ...params) => log('FATAL', msg, ...params);
function logError(message, err) {
  console.error(message, toFormatted(intoError(err)));
}

// --- Loading the handler (UserFunction.js) ---
function hasFolderPackageJsonTypeModule(folder) {
  if (folder.endsWith(path.sep + 'node_modules')) return false;
  const pj = path.join(folder, 'package.json');
  if (fs.existsSync(pj)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(pj));
      if (pkg) return pkg.type === 'module';
    } catch (e) {
      console.warn(`${pj} cannot be read, it will be ignored for ES module detection purposes.`, e);
      return false;
    }
  }
  const parent = path.resolve(folder, '..');
  return parent === folder ? false : hasFolderPackageJsonTypeModule(parent);
}

function tryRequireFile(file, extension) {
  const p = file + (extension || '');
  return fs.existsSync(p) && fs.statSync(p).isFile() ? require(p) : undefined;
}

async function tryAwaitImport(file, extension) {
  const p = file + (extension || '');
  return fs.existsSync(p) ? await import(pathToFileURL(p).href) : undefined;
}

async function tryRequire(appRoot, moduleRoot, module) {
  const lambdaStylePath = path.resolve(appRoot, moduleRoot, module);
  const extensionless = tryRequireFile(lambdaStylePath);
  if (extensionless) return extensionless;
  const pjHasModule = hasFolderPackageJsonTypeModule(path.resolve(path.dirname(lambdaStylePath)));
  if (!pjHasModule) {
    const loaded = tryRequireFile(lambdaStylePath, '.js');
    if (loaded) return loaded;
  }
  const loaded =
    (pjHasModule && (await tryAwaitImport(lambdaStylePath, '.js'))) ||
    (await tryAwaitImport(lambdaStylePath, '.mjs')) ||
    tryRequireFile(lambdaStylePath, '.cjs');
  if (loaded) return loaded;
  return require(require.resolve(module, { paths: [appRoot, moduleRoot] }));
}

async function loadHandler(appRoot, fullHandlerString) {
  if (fullHandlerString.includes('..')) {
    throw new errorClasses.MalformedHandlerName(
      `'${fullHandlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  }
  const handlerString = path.basename(fullHandlerString);
  const moduleRoot = fullHandlerString.substring(0, fullHandlerString.indexOf(handlerString));
  const match = handlerString.match(/^([^.]*)\.(.*)$/);
  if (!match || match.length != 3) throw new errorClasses.MalformedHandlerName('Bad handler');
  const [, module, handlerPath] = match;
  let userApp;
  try {
    userApp = await tryRequire(appRoot, moduleRoot, module);
  } catch (e) {
    if (e instanceof SyntaxError) throw new errorClasses.UserCodeSyntaxError(e);
    if (e.code !== undefined && e.code === 'MODULE_NOT_FOUND') throw new errorClasses.ImportModuleError(e);
    throw e;
  }
  const handlerFunc = handlerPath.split('.').reduce((nested, key) => nested && nested[key], userApp);
  if (!handlerFunc) throw new errorClasses.HandlerNotFound(`${fullHandlerString} is undefined or not exported`);
  if (typeof handlerFunc !== 'function') throw new errorClasses.HandlerNotFound(`${fullHandlerString} is not a function`);
  return handlerFunc;
}

// --- Reading requests (blocking) ---
let pending = Buffer.alloc(0);
function fill() {
  const chunk = Buffer.allocUnsafe(65536);
  for (;;) {
    try {
      const n = fs.readSync(0, chunk, 0, chunk.length, null);
      if (n === 0) return false;
      pending = pending.length === 0 ? Buffer.from(chunk.subarray(0, n)) : Buffer.concat([pending, chunk.subarray(0, n)]);
      return true;
    } catch (e) {
      if (e.code === 'EAGAIN') { pause(1); continue; }
      if (e.code === 'EOF') return false;
      throw e;
    }
  }
}

function readRequest() {
  let end;
  while ((end = pending.indexOf(10)) < 0) if (!fill()) return null;
  const [, id, deadline, traceId, length] = pending.subarray(0, end).toString('latin1').split(' ');
  pending = pending.subarray(end + 1);
  const size = parseInt(length, 10);
  while (pending.length < size) if (!fill()) return null;
  const body = pending.subarray(0, size).toString('utf8');
  pending = pending.subarray(size);
  return { id, deadline: parseInt(deadline, 10), traceId, body };
}

// --- Invoking (Runtime.js, CallbackContext.js, InvokeContext.js) ---
let beforeExit = null;
process.on('beforeExit', () => {
  const listener = beforeExit;
  beforeExit = null;
  if (listener) listener();
});

let current = null; // { id, started, settled }
function durationUs() {
  return current ? Number((process.hrtime.bigint() - current.started) / 1000n) : 0;
}

function postResponse(result) {
  let body;
  try {
    body = JSON.stringify(result === undefined ? null : result);
  } catch (err) {
    throw new Error('Unable to stringify response body');
  }
  sendFrame('O', body, durationUs());
}

function postError(err, kind) {
  sendFrame(kind || 'F', JSON.stringify(toRapidResponse(err)), durationUs());
}

function scheduleNext() {
  current = null;
  setImmediate(next);
}

function invoke(handler, isAsync, request) {
  global[REQUEST_ID_SYMBOL] = request.id;
  process.env._X_AMZN_TRACE_ID = request.traceId;
  current = { id: request.id, started: process.hrtime.bigint() };

  let completed = false;
  const complete = (result) => {
    if (completed) {
      console.error('Invocation has already been reported as done. Cannot call complete more than once per invocation.');
      return;
    }
    completed = true;
    postResponse(result);
    scheduleNext();
  };
  const fail = (err) => {
    logError('Invoke Error', err);
    postError(err);
    scheduleNext();
  };
  let waitForEmptyEventLoop = true;
  const rawCallback = (err, result) => {
    beforeExit = null;
    if (err !== undefined && err !== null) fail(err);
    else if (!waitForEmptyEventLoop) complete(result);
    else beforeExit = () => setImmediate(() => complete(result));
  };
  const rawDone = (err, result) => {
    beforeExit = null;
    if (err !== undefined && err !== null) fail(err);
    else complete(result);
  };
  let finished = false;
  const onlyFirst = (fn) => function () {
    if (!finished) {
      fn.apply(null, arguments);
      finished = true;
    }
  };
  const callback = onlyFirst(rawCallback);
  const context = {
    get callbackWaitsForEmptyEventLoop() { return waitForEmptyEventLoop; },
    set callbackWaitsForEmptyEventLoop(value) { waitForEmptyEventLoop = value; },
    succeed: onlyFirst((result) => rawDone(null, result)),
    fail: onlyFirst((err) => (err === undefined || err === null ? rawDone('handled') : rawDone(err, null))),
    done: onlyFirst(rawDone),
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: undefined,
    identity: undefined,
    invokedFunctionArn: functionArn,
    awsRequestId: request.id,
    tenantId: undefined,
    getRemainingTimeInMillis: () => request.deadline - Date.now(),
  };

  // A handler that neither returns a promise nor calls back finishes when the event loop is empty.
  beforeExit = () => {
    completed = true;
    if (isAsync) {
      const error = new Error('Runtime exited without providing a reason');
      error.name = 'Runtime.NodeJsExit';
      logError('Invoke Error', error);
      postError(error);
      scheduleNext();
    } else {
      postResponse(null);
      scheduleNext();
    }
  };

  try {
    const result = handler(JSON.parse(request.body), context, callback);
    if (result && typeof result.then === 'function') {
      result.then(context.succeed, context.fail).catch(context.fail);
    }
  } catch (err) {
    callback(err);
  }
}

let handlerFunc = null;
let handlerIsAsync = false;
function next() {
  const request = readRequest();
  if (request === null) process.exit(0);
  invoke(handlerFunc, handlerIsAsync, request);
}

function fatal(kind, label, error, exitCode) {
  logError(label, error);
  if (kind === 'E') sendFrame('E', JSON.stringify(toRapidResponse(error)), 0);
  else if (current) postError(error, 'D');
  process.exit(exitCode);
}

process.on('uncaughtException', (error) => fatal(current ? 'F' : 'E', 'Uncaught Exception', error, 129));
process.on('unhandledRejection', (reason, promise) => {
  const error = new errorClasses.UnhandledPromiseRejection(reason, promise);
  fatal(current ? 'F' : 'E', 'Unhandled Promise Rejection', error, 128);
});

(async () => {
  const appRoot = process.env.LAMBDA_TASK_ROOT || process.cwd();
  try {
    handlerFunc = await loadHandler(appRoot, process.env._HANDLER || '');
  } catch (error) {
    fatal('E', 'Uncaught Exception', error, 129);
    return;
  }
  handlerIsAsync = handlerFunc.constructor && handlerFunc.constructor.name === 'AsyncFunction';
  sendFrame('R', JSON.stringify({ version: process.versions.node }), 0);
  setImmediate(next);
})();
