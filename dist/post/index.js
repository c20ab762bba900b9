import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 908:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _post_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(655);

// The `post:` step's entry (action.yml `post:` → dist/post/index.js). A bundle
// of its own so that it loads in a few milliseconds, also after the main step
// was killed: see src/post.ts.
await (0,_post_js__WEBPACK_IMPORTED_MODULE_0__/* .post */ .b)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 655:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  b: () => (/* binding */ post)
});

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./src/util/files.ts


/**
 * Writes `value` as pretty JSON under `dir`, creating it; returns the path.
 * The file is readable by its owner only (0600, also when it existed
 * before): a rendered task definition holds environment values.
 */
async function writeJsonFile(dir, name, value) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, name);
    await writeFile(path, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
    await chmod(path, 0o600);
    return path;
}
/** Where the action puts its files: `$RUNNER_TEMP`, else `$TMPDIR`, else `/tmp`. */
function runnerTempDir(env = process.env) {
    return env['RUNNER_TEMP'] || env['TMPDIR'] || '/tmp';
}

;// CONCATENATED MODULE: ./src/aws/errors.ts
/**
 * The one home for what an AWS SDK error means: which resource it says is
 * missing, which write collided with what exists, whether it is worth trying
 * again (or was a timeout, or our own abort), whether it is a permission or
 * credential problem. Plus the region a client is configured for, which
 * messages about such errors name. Pure over the error's shape (`name`,
 * `code`, `$metadata.httpStatusCode`), so any SDK error and the emulator's
 * wire errors, decoded by the SDK, answer the same.
 */
/** The AWS error code (`name`) of an SDK error, if any. */
function errors_awsErrorName(error) {
    if (error && typeof error === 'object' && 'name' in error) {
        const name = error.name;
        return typeof name === 'string' ? name : undefined;
    }
    return undefined;
}
/** How each service says a resource of this kind does not exist. */
const NOT_FOUND = {
    cluster: ['ClusterNotFoundException'],
    service: ['ServiceNotFoundException'],
    /** DescribeTaskDefinition has no code of its own: `ClientException: Unable to describe task definition.` */
    taskDefinition: ['ClientException'],
    repository: ['RepositoryNotFoundException'],
    image: ['ImageNotFoundException'],
    /** CloudWatch Logs groups and streams, EventBridge rules, Scheduler schedules. */
    resource: ['ResourceNotFoundException'],
    targetGroup: ['TargetGroupNotFoundException'],
    rule: ['RuleNotFoundException'],
    listener: ['ListenerNotFoundException'],
    loadBalancer: ['LoadBalancerNotFoundException'],
    codeDeployApplication: ['ApplicationDoesNotExistException'],
    deploymentGroup: ['DeploymentGroupDoesNotExistException']
};
/** The ELBv2 resources a preview touches; one vanished resource fails a whole DescribeTags. */
const ELB_RESOURCES = (/* unused pure expression or super */ null && (['targetGroup', 'rule', 'listener', 'loadBalancer']));
/** Whether the error says that a resource of one of these kinds does not exist. */
function errors_isNotFound(error, ...kinds) {
    return hasCodeOf(NOT_FOUND, error, kinds);
}
/** How each service refuses a write that collides with what exists. */
const CONFLICT = {
    /** CreateRepository: the repository exists (a race with another run is success). */
    repositoryExists: ['RepositoryAlreadyExistsException'],
    /** PutImage: this tag already points at this digest. */
    imageExists: ['ImageAlreadyExistsException'],
    /** CreateTargetGroup: the name is taken (with other settings). */
    targetGroupNameTaken: ['DuplicateTargetGroupNameException'],
    /** CreateRule: another rule took the priority first. */
    rulePriorityTaken: ['PriorityInUseException'],
    /** DeleteTargetGroup: a rule still forwards to it. */
    inUse: ['ResourceInUseException']
};
/** Whether the error is one of these conflicts. */
function isConflict(error, ...kinds) {
    return hasCodeOf(CONFLICT, error, kinds);
}
/** Whether the error's name is one of the codes the table gives for these kinds. */
function hasCodeOf(table, error, kinds) {
    const name = errors_awsErrorName(error);
    return name !== undefined && kinds.some((kind) => table[kind].includes(name));
}
/** The call was given up through its AbortSignal (a budget ran out), not failed by AWS. */
function isAborted(error) {
    return errors_awsErrorName(error) === 'AbortError';
}
/** The request got no answer in time (the SDK's TimeoutError, or the socket's ETIMEDOUT). */
function isTimeout(error) {
    return (error instanceof Error &&
        (error.name === 'TimeoutError' || error.code === 'ETIMEDOUT'));
}
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied']);
/** The request's credentials themselves were refused (unknown, expired, badly signed). */
const CREDENTIALS_REFUSED = new Set([
    'UnrecognizedClientException',
    'InvalidSignatureException',
    'ExpiredTokenException'
]);
/** The IAM policy does not allow the call. */
function isAccessDenied(error) {
    return ACCESS_DENIED.has(errors_awsErrorName(error) ?? '');
}
/** Denied or refused credentials: what to check is the role and its policy. */
function errors_isAuthProblem(error) {
    const name = errors_awsErrorName(error) ?? '';
    return ACCESS_DENIED.has(name) || CREDENTIALS_REFUSED.has(name);
}
const THROTTLING = new Set([
    'ThrottlingException',
    'Throttling',
    'ThrottledException',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'RequestThrottled',
    'RequestThrottledException',
    'LimitExceededException'
]);
const TRANSIENT = new Set([
    'ServerException',
    'ServiceUnavailable',
    'ServiceUnavailableException',
    'InternalFailure',
    'TimeoutError',
    'RequestTimeout',
    'RequestTimeoutException'
]);
const NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ENOTFOUND',
    'EAI_AGAIN'
]);
/** AWS kept throttling (the SDK has already retried). */
function errors_isThrottling(error) {
    return THROTTLING.has(errors_awsErrorName(error) ?? '');
}
/**
 * Throttling and transient errors (5xx, 429, timeouts, dropped connections)
 * that survived the SDK's own retries: a poller tries again at its next tick.
 */
function isRetryable(error) {
    const name = errors_awsErrorName(error);
    if (name && (THROTTLING.has(name) || TRANSIENT.has(name)))
        return true;
    if (error && typeof error === 'object') {
        const e = error;
        if (typeof e.code === 'string' && NETWORK_CODES.has(e.code))
            return true;
        const status = e.$metadata?.httpStatusCode;
        if (typeof status === 'number' && (status === 429 || status >= 500))
            return true;
    }
    return false;
}
/**
 * The region an SDK client is configured for, for messages; undefined when
 * unknown. (The run's region itself comes from `aws-region`/AWS_REGION in
 * inputs/parse.ts; every client is made for it by aws/clients.ts.)
 */
async function clientRegion(client) {
    try {
        const region = client.config.region;
        const value = typeof region === 'function' ? await region() : region;
        return typeof value === 'string' ? value : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/util/errors.ts

// The SDK error checks live in aws/errors.ts; awsErrorName is used all over.

/**
 * The one error type for user-facing failures: a message that names what
 * failed and what to do about it. Anything else reaching main is a bug or an
 * unexpected AWS/docker error and is reported with its own message.
 */
class ActionError extends Error {
    details;
    name = 'ActionError';
    constructor(message, 
    /** Extra lines shown after the message (diagnostics, hints). */
    details = []) {
        super(message);
        this.details = details;
    }
}
/** How much of an input line or value an error message may quote. */
const MAX_QUOTED = 80;
/**
 * An input value or line quoted for an error message: its first line only,
 * at most MAX_QUOTED characters (`…` when cut), in double quotes with
 * control characters escaped. A malformed line may hold a secret (a typo in
 * `KEY=VALUE`), and a file's content never belongs in a message, so this is
 * the one way messages quote what a user gave.
 */
function quote(text) {
    const first = text.split(/\r\n|\r|\n/, 1)[0] ?? '';
    const chars = [...first];
    const cut = chars.length > MAX_QUOTED || first.length !== text.length;
    const json = JSON.stringify(chars.slice(0, MAX_QUOTED).join(''));
    return cut ? `${json.slice(0, -1)}…"` : json;
}
/** The text of anything thrown, for messages. */
function errorMessage(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}
/**
 * Turns an AWS SDK error into an ActionError that says what was being done
 * and what to check. Access and missing-resource errors get specific hints.
 */
function describeAwsError(action, error, region) {
    if (error instanceof ActionError)
        return error;
    const name = awsErrorName(error) ?? 'Error';
    const message = errorMessage(error);
    let hint;
    if (isAuthProblem(error)) {
        hint = 'Check the credentials and that the IAM policy grants this action (see the README).';
    }
    else if (isNotFound(error, 'cluster')) {
        hint = `Check the cluster name and the region${region ? ` (${region})` : ''}.`;
    }
    else if (isNotFound(error, 'repository')) {
        hint = 'Check `ecr-repository`, or set `create-repository: true`.';
    }
    else if (isThrottling(error)) {
        hint = 'AWS kept throttling after retries; other pipelines may share the quota. Re-run later.';
    }
    else {
        hint = `Check the names and the region${region ? ` (${region})` : ''}.`;
    }
    return new ActionError(`${action} failed: ${name}: ${message}. ${hint}`);
}

;// CONCATENATED MODULE: ./src/image/docker-config.ts






const LINKED = (/* unused pure expression or super */ null && (['cli-plugins', 'buildx', 'contexts']));
/** The directory names this module creates: the prefix plus mkdtemp's six characters. */
const PREFIX = 'docker-config-';
const OWN_NAME = /^docker-config-[A-Za-z0-9]{6}$/;
/** Written at creation; removal requires it (and, when given, its token). */
const MARKER_FILE = '.ecs-ship-docker-config';
/** A random token for the marker file: save it in state and give it back to removeDockerConfig. */
function newDockerConfigMarker() {
    return randomBytes(16).toString('hex');
}
async function createDockerConfig(baseDir, options = {}) {
    await mkdir(baseDir, { recursive: true });
    const dir = await mkdtemp(join(baseDir, PREFIX));
    // mkdtemp already creates 0700; chmod makes it explicit whatever the umask.
    await chmod(dir, 0o700);
    await writeFile(join(dir, MARKER_FILE), options.marker ?? newDockerConfigMarker(), {
        mode: 0o600,
        flag: 'wx'
    });
    const from = options.inheritFrom ?? defaultDockerConfigDir();
    if (from)
        await inherit(from, dir);
    return dir;
}
/** Thrown instead of deleting a path that is not a docker config this action created. */
class DockerConfigRefusal extends ActionError {
}
/**
 * Removes the directory and the credentials in it, but only when it is one
 * createDockerConfig made: directly in `root`, named `docker-config-XXXXXX`,
 * a real directory (not a link) owned by this user, holding the marker file
 * (with the expected token, when given). Anything else throws a
 * DockerConfigRefusal and nothing is deleted: the path comes from saved
 * state, which must never be able to name `$HOME` or the workspace.
 * A missing directory is 'absent' (removing twice is fine).
 */
async function removeDockerConfig(dir, options = {}) {
    const refuse = (why) => {
        throw new DockerConfigRefusal(`Refusing to remove ${JSON.stringify(dir)}: ${why}.`);
    };
    if (!(0,external_node_path_namespaceObject.isAbsolute)(dir) || !OWN_NAME.test((0,external_node_path_namespaceObject.basename)(dir))) {
        refuse(`it is not a ${PREFIX}XXXXXX directory this action creates`);
    }
    const info = await (0,promises_namespaceObject.lstat)(dir).catch(() => undefined);
    if (!info)
        return 'absent';
    if (!info.isDirectory())
        refuse('it is not a directory');
    if (typeof process.getuid === 'function' && info.uid !== process.getuid()) {
        refuse('it belongs to another user');
    }
    const root = options.root ?? runnerTempDir();
    const [parent, expected] = await Promise.all([
        (0,promises_namespaceObject.realpath)((0,external_node_path_namespaceObject.dirname)(dir)).catch(() => ''),
        (0,promises_namespaceObject.realpath)(root).catch(() => '')
    ]);
    if (!expected || parent !== expected)
        refuse(`it is not directly inside ${root}`);
    const marker = (0,external_node_path_namespaceObject.join)(dir, MARKER_FILE);
    const markerInfo = await (0,promises_namespaceObject.lstat)(marker).catch(() => undefined);
    if (!markerInfo?.isFile())
        refuse(`it has no ${MARKER_FILE} marker file`);
    if (options.marker !== undefined) {
        const token = await (0,promises_namespaceObject.readFile)(marker, 'utf8').catch(() => '');
        if (!options.marker || token !== options.marker) {
            refuse('its marker does not match the one this run wrote');
        }
    }
    await (0,promises_namespaceObject.rm)(dir, { recursive: true, force: true });
    return 'removed';
}
function defaultDockerConfigDir() {
    return process.env['DOCKER_CONFIG'] || join(homedir(), '.docker');
}
async function inherit(from, to) {
    const config = await readJson(join(from, 'config.json'));
    if (config) {
        delete config['credsStore'];
        await writeFile(join(to, 'config.json'), `${JSON.stringify(config, null, 2)}\n`, {
            mode: 0o600
        });
    }
    for (const name of LINKED) {
        const source = join(from, name);
        if (await isDirectory(source))
            await symlink(source, join(to, name), 'dir');
    }
}
/**
 * Makes `docker login <host>` store its credentials in `dir/config.json`: a
 * credential helper inherited for that host would otherwise receive them.
 */
async function prepareLogin(dir, host) {
    const path = join(dir, 'config.json');
    const config = await readJson(path);
    const helpers = config?.['credHelpers'];
    if (!config || !helpers || typeof helpers !== 'object' || !(host in helpers))
        return;
    delete helpers[host];
    await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}
async function readJson(path) {
    let text;
    try {
        text = await readFile(path, 'utf8');
    }
    catch {
        return undefined;
    }
    try {
        const value = JSON.parse(text);
        return value && typeof value === 'object' && !Array.isArray(value)
            ? value
            : undefined;
    }
    catch {
        return undefined;
    }
}
async function isDirectory(path) {
    try {
        return (await stat(path)).isDirectory();
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: ./src/util/runner.ts
/**
 * The runner's protocol (workflow commands on stdout, the GITHUB_* command
 * files, INPUT_* and STATE_* variables): what the action uses of
 * @actions/core, with the same names, arguments and bytes written.
 *
 * Why not @actions/core itself: importing it loads its HTTP client and undici
 * (~1 MB of code, for OIDC tokens this action never asks for), about 30 ms of
 * CPU before the first AWS request of every run and most of the post step's
 * budget. This module imports Node built-ins only. Use it, not @actions/core
 * (eslint says so); __tests__/unit/util/runner.test.ts checks that both write
 * the same.
 */




/** `::command k=v,…::message`, escaped so that it stays one line and one command. */
function formatCommand(command, properties, message) {
    const props = Object.entries(properties)
        .filter(([, v]) => v)
        .map(([k, v]) => `${k}=${escapeProperty(v)}`)
        .join(',');
    return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}
function issue(command, properties, message) {
    process.stdout.write(formatCommand(command, properties, message) + EOL);
}
function toCommandValue(input) {
    if (input === null || input === undefined)
        return '';
    if (typeof input === 'string' || input instanceof String)
        return String(input);
    return JSON.stringify(input);
}
function escapeData(value) {
    return toCommandValue(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(value) {
    return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
function annotation(p) {
    if (Object.keys(p).length === 0)
        return {};
    return {
        title: p.title,
        file: p.file,
        line: p.startLine,
        endLine: p.endLine,
        col: p.startColumn,
        endColumn: p.endColumn
    };
}
/** `name<<delimiter` … `delimiter`, the command files' format for any value. */
function keyValue(key, value) {
    const delimiter = `ghadelimiter_${randomUUID()}`;
    const text = toCommandValue(value);
    if (key.includes(delimiter) || text.includes(delimiter)) {
        throw new Error(`Unexpected input: ${key} should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${EOL}${text}${EOL}${delimiter}`;
}
/** Appends to GITHUB_<file>; false when the runner gave no such file. */
function fileCommand(file, key, value) {
    const path = process.env[`GITHUB_${file}`] || '';
    if (!path)
        return false;
    if (!existsSync(path))
        throw new Error(`Missing file at path: ${path}`);
    appendFileSync(path, `${keyValue(key, value)}${EOL}`, { encoding: 'utf8' });
    return true;
}
function getInput(name, options = {}) {
    const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    return options.trimWhitespace === false ? value : value.trim();
}
function setOutput(name, value) {
    if (fileCommand('OUTPUT', name, value))
        return;
    process.stdout.write(EOL);
    issue('set-output', { name }, toCommandValue(value));
}
/** Saves a value for the `post:` step, which reads it with getState. */
function saveState(name, value) {
    if (fileCommand('STATE', name, value))
        return;
    issue('save-state', { name }, toCommandValue(value));
}
/** What the main step saved with saveState; the runner passes it as STATE_<name>. */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
/** Masks `secret` in everything the job prints from now on. */
function setSecret(secret) {
    issue('add-mask', {}, secret);
}
function info(message) {
    process.stdout.write(message + EOL);
}
function debug(message) {
    issue('debug', {}, message);
}
function notice(message, properties = {}) {
    issue('notice', annotation(properties), message instanceof Error ? message.toString() : message);
}
function warning(message, properties = {}) {
    issue('warning', annotation(properties), message instanceof Error ? message.toString() : message);
}
function error(message, properties = {}) {
    issue('error', annotation(properties), message instanceof Error ? message.toString() : message);
}
/** Marks the step failed (exit code 1) with `message` as an error annotation. */
function setFailed(message) {
    process.exitCode = 1;
    error(message);
}
function startGroup(name) {
    issue('group', {}, name);
}
function endGroup() {
    issue('endgroup', {}, '');
}
/** Runs `fn` inside a collapsible group of the log. */
async function group(name, fn) {
    startGroup(name);
    try {
        return await fn();
    }
    finally {
        endGroup();
    }
}
/** Appends Markdown to the job summary (GITHUB_STEP_SUMMARY), as core.summary.addRaw(…).write() does. */
async function appendSummary(markdown) {
    const path = process.env['GITHUB_STEP_SUMMARY'];
    if (!path) {
        throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
    }
    try {
        await access(path, constants.R_OK | constants.W_OK);
    }
    catch {
        throw new Error(`Unable to access summary file: '${path}'. Check if the file has correct read/write permissions.`);
    }
    await appendFile(path, markdown, { encoding: 'utf8' });
}

;// CONCATENATED MODULE: ./src/state.ts
/** Names of values the main step saves for the `post:` step. */
const State = {
    dockerConfig: 'dockerConfig',
    /** The token in the docker config's marker file: the post step removes only a directory holding it. */
    dockerConfigMarker: 'dockerConfigMarker'
};

;// CONCATENATED MODULE: ./src/post.ts






/**
 * The `post:` step: the main step removes its private docker config itself,
 * but when it was killed (cancellation past SIGTERM) this removes what is left,
 * so registry credentials never outlive the job. Never fails the job.
 *
 * Its own bundle (dist/post/index.js, from src/post-entry.ts): it imports
 * Node built-ins only (util/runner.ts, not @actions/core), so it starts in
 * about the time Node itself takes.
 */
async function post(env = process.env, write = (text) => process.stdout.write(text)) {
    const dir = env[`STATE_${State.dockerConfig}`] || '';
    if (!dir)
        return;
    if (await isGone(dir)) {
        write(command('debug', `Docker config ${dir} already removed by the main step`));
        return;
    }
    try {
        // Only the directory holding the marker token this run wrote (saved in state).
        await removeDockerConfig(dir, {
            marker: env[`STATE_${State.dockerConfigMarker}`] ?? '',
            root: runnerTempDir(env)
        });
        write(command('debug', `Removed docker config ${dir}`));
    }
    catch (error) {
        write(command('warning', `Could not remove the docker credentials at ${dir}: ${errorMessage(error)}`));
    }
}
async function isGone(path) {
    try {
        await (0,promises_namespaceObject.stat)(path);
        return false;
    }
    catch (error) {
        return error.code === 'ENOENT';
    }
}
function command(name, message) {
    return `${formatCommand(name, {}, message)}\n`;
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(908);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
