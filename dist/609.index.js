export const id = 609;
export const ids = [609];
export const modules = {

/***/ 9609:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  planCodeDeploy: () => (/* binding */ planCodeDeploy),
  runCodeDeploy: () => (/* binding */ runCodeDeploy)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/report/outputs.ts
var outputs = __webpack_require__(5468);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/deploy/codedeploy/appspec.ts
/**
 * The AppSpec a CodeDeploy ECS deployment needs: generated from the new task
 * definition and the service's load-balanced container, or read from the
 * user's file with its TaskDefinition replaced by the new revision (as the
 * official deploy action does). Pure.
 */


function generateAppSpec(taskDefinitionArn, containerName, containerPort) {
    return {
        version: 0.0,
        Resources: [
            {
                TargetService: {
                    Type: 'AWS::ECS::Service',
                    Properties: {
                        TaskDefinition: taskDefinitionArn,
                        LoadBalancerInfo: { ContainerName: containerName, ContainerPort: containerPort }
                    }
                }
            }
        ]
    };
}
/** The user's AppSpec (YAML or JSON) pointing at the new revision; the ActionError names the input. */
async function appSpecFromFile(text, file, taskDefinitionArn) {
    // Loaded when needed (a chunk of dist/, as for YAML task definitions).
    const { parse: parseYaml } = await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    let parsed;
    try {
        parsed = parseYaml(text);
    }
    catch (error) {
        throw new errors/* ActionError */.lZ(`\`codedeploy-appspec\`: ${file} is not YAML or JSON (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`);
    }
    const spec = parsed;
    const target = spec?.Resources?.[0]?.['TargetService'];
    if (!spec || typeof spec !== 'object' || !target?.Properties) {
        throw new errors/* ActionError */.lZ(`\`codedeploy-appspec\`: ${file} has no Resources[0].TargetService.Properties; an ECS AppSpec names the service's TargetService (see docs/codedeploy.md).`);
    }
    target.Properties['TaskDefinition'] = taskDefinitionArn;
    return spec;
}
/** What CreateDeployment sends: the AppSpec as JSON and its SHA-256. */
function appSpecContent(spec) {
    const content = JSON.stringify(spec, null, 2);
    return { content, sha256: (0,external_node_crypto_.createHash)('sha256').update(content).digest('hex') };
}

;// CONCATENATED MODULE: ./src/deploy/codedeploy/names.ts
/**
 * The names the ECS console gives a service's CodeDeploy application and
 * deployment group, used when the inputs leave them out. Pure.
 */
/** `arn:…:cluster/prod` or `prod` → `prod`; `arn:…:service/prod/web` or `web` → `web`. */
function shortName(nameOrArn) {
    return nameOrArn.startsWith('arn:') ? (nameOrArn.split('/').at(-1) ?? nameOrArn) : nameOrArn;
}
function defaultApplicationName(cluster, service) {
    return `AppECS-${shortName(cluster)}-${shortName(service)}`;
}
function defaultDeploymentGroupName(cluster, service) {
    return `DgpECS-${shortName(cluster)}-${shortName(service)}`;
}

// EXTERNAL MODULE: ./src/deploy/decide.ts
var decide = __webpack_require__(7695);
// EXTERNAL MODULE: ./src/deploy/diagnostics.ts
var deploy_diagnostics = __webpack_require__(8011);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(212);
;// CONCATENATED MODULE: ./src/deploy/codedeploy/diagnose.ts
/**
 * Diagnostics for a failed or stopped CodeDeploy deployment, as for rolling
 * deployments: the green (replacement) task set is the ECS task set whose
 * `externalId` is the CodeDeploy deployment id (DescribeTaskSets; once
 * deleted, the one GetDeploymentTarget named Green), its tasks
 * carry the task set id as `startedBy`, so `collectDiagnostics` lists their
 * stop reasons and reads the log tail with the task set's task definition.
 * Bounded to DIAGNOSTICS_BUDGET_MS; never throws.
 */



async function diagnoseCodeDeploy(o) {
    const budget = AbortSignal.timeout(deploy_diagnostics/* DIAGNOSTICS_BUDGET_MS */.an);
    const abort = { abortSignal: budget };
    try {
        let greenId = o.greenTaskSet;
        let taskDefinitionArn = o.taskDefinitionArn;
        try {
            const sets = await o.ecs.send(new dist_cjs/* DescribeTaskSetsCommand */.JOb({ cluster: o.cluster, service: o.service }), abort);
            const green = (sets.taskSets ?? []).find((s) => s.externalId === o.deploymentId || (greenId !== undefined && s.id === greenId));
            greenId = green?.id ?? greenId;
            taskDefinitionArn = green?.taskDefinition ?? taskDefinitionArn;
        }
        catch (error) {
            o.log.warning(`Diagnostics: could not describe the task sets (${(0,errors/* errorMessage */.gJ)(error)}); grant \`ecs:DescribeTaskSets\` to see the green task set.`);
        }
        if (!greenId) {
            o.log.info(`Diagnostics: no green task set of CodeDeploy deployment ${o.deploymentId} found.`);
            return undefined;
        }
        const [described, taskDefinition] = await Promise.all([
            o.ecs
                .send(new dist_cjs/* DescribeServicesCommand */.H7c({ cluster: o.cluster, services: [o.service] }), abort)
                .catch(() => undefined),
            o.ecs
                .send(new dist_cjs/* DescribeTaskDefinitionCommand */.Zy$({ taskDefinition: taskDefinitionArn }), abort)
                .then((out) => out.taskDefinition)
                .catch(() => undefined)
        ]);
        const events = (described?.services?.[0]?.events ?? []).map((e, i) => ({
            id: e.id ?? String(i),
            ...(e.createdAt ? { createdAt: e.createdAt.getTime() } : {}),
            message: e.message ?? ''
        }));
        o.log.info(`Green task set ${greenId} of CodeDeploy deployment ${o.deploymentId}:`);
        return await (0,deploy_diagnostics/* collectDiagnostics */.R9)({
            ecs: o.ecs,
            logs: o.logs,
            cluster: o.cluster,
            service: o.service,
            deploymentId: greenId,
            taskDefinition,
            events,
            log: o.log,
            signal: budget
        });
    }
    catch (error) {
        o.log.warning(`Could not collect diagnostics: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return undefined;
    }
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-codedeploy/dist-cjs/index.js
var client_codedeploy_dist_cjs = __webpack_require__(7507);
// EXTERNAL MODULE: ./src/util/log.ts
var log = __webpack_require__(9906);
// EXTERNAL MODULE: ./src/aws/errors.ts
var aws_errors = __webpack_require__(9378);
// EXTERNAL MODULE: ./src/deploy/watch.ts
var watch = __webpack_require__(4808);
// EXTERNAL MODULE: ./src/deploy/strategy/decide.ts
var strategy_decide = __webpack_require__(2053);
;// CONCATENATED MODULE: ./src/deploy/codedeploy/decide.ts

function decideCodeDeploy(s, before, waitUntil) {
    const memory = { ...before, status: s.status, events: { ...before.events } };
    const lines = [];
    if (s.status !== before.status) {
        lines.push(before.status ? `Deployment ${before.status} → ${s.status}` : `Deployment ${s.status}`);
    }
    for (const e of s.events) {
        if (e.status !== (before.events[e.name] ?? 'Pending'))
            lines.push(`${e.name}: ${e.status}`);
        memory.events[e.name] = e.status;
    }
    if (s.greenTraffic !== undefined && s.greenTraffic !== before.greenTraffic) {
        memory.greenTraffic = s.greenTraffic;
        if (s.greenTraffic > 0 || before.greenTraffic !== undefined) {
            lines.push(`Production traffic on the Green task set: ${s.greenTraffic}%`);
        }
    }
    const running = s.events.find((e) => e.status === 'InProgress');
    const ran = [...s.events].reverse().find((e) => e.status !== 'Pending' && e.status !== 'Skipped');
    const stage = running?.name ?? ran?.name;
    const base = { lines, memory, ...(stage ? { stage } : {}) };
    const ok = (name) => s.events.some((e) => e.name === name && e.status === 'Succeeded');
    if (s.status === 'Succeeded') {
        return { ...base, verdict: 'succeeded', reason: 'The CodeDeploy deployment Succeeded.' };
    }
    if (s.status === 'Failed' || s.status === 'Stopped') {
        const failed = s.events.find((e) => e.status === 'Failed');
        const parts = [
            `The CodeDeploy deployment ${s.status}`,
            failed
                ? ` at ${failed.name}${failed.diagnostics ? ` (${(0,strategy_decide/* oneLine */.TN)(failed.diagnostics)})` : ''}`
                : '',
            s.errorMessage ? `: ${(0,strategy_decide/* oneLine */.TN)(s.errorMessage)}` : '',
            s.errorCode ? ` [${s.errorCode}]` : ''
        ];
        return { ...base, verdict: 'failed', reason: `${parts.join('')}`.replace(/\.?$/, '.') };
    }
    if (waitUntil === 'traffic-shifted' && ok('AfterAllowTraffic')) {
        return {
            ...base,
            verdict: 'reached',
            reason: 'Stopped waiting (wait-until: traffic-shifted): production traffic is on the Green task set. CodeDeploy continues the deployment (termination wait).'
        };
    }
    if (waitUntil === 'test-traffic' && (ok('AfterAllowTestTraffic') || s.status === 'Ready')) {
        return {
            ...base,
            verdict: 'reached',
            reason: 'Stopped waiting (wait-until: test-traffic): the Green task set is up and receives test traffic. CodeDeploy continues the deployment.'
        };
    }
    return { ...base, verdict: 'continue', reason: '' };
}

;// CONCATENATED MODULE: ./src/deploy/codedeploy/watch.ts
/**
 * CodeDeploy for services with the CODE_DEPLOY controller: the validation
 * check (application and deployment group exist and deploy this service),
 * CreateDeployment with the AppSpec, and the watch: GetDeployment and
 * GetDeploymentTarget once now and every 5 s, printing lifecycle events and
 * traffic as they change, deciding through `decide.ts`.
 */







const CODEDEPLOY_POLL_MS = 5_000;
/** GetApplication and GetDeploymentGroup; the ActionError names the input to fix. */
async function checkCodeDeploy(cd, o) {
    try {
        await cd.send(new client_codedeploy_dist_cjs/* GetApplicationCommand */.eOh({ applicationName: o.application }));
    }
    catch (error) {
        if ((0,aws_errors/* isNotFound */.c4)(error, 'codeDeployApplication')) {
            throw new errors/* ActionError */.lZ(`CodeDeploy application ${o.application} not found. Set \`codedeploy-application\` to the application that deploys service ${o.service} (the console names it AppECS-<cluster>-<service>).`);
        }
        throw (0,errors/* describeAwsError */.Pp)(`GetApplication (${o.application})`, error);
    }
    let group;
    try {
        const out = await cd.send(new client_codedeploy_dist_cjs/* GetDeploymentGroupCommand */.WOp({
            applicationName: o.application,
            deploymentGroupName: o.deploymentGroup
        }));
        group = out.deploymentGroupInfo;
    }
    catch (error) {
        if ((0,aws_errors/* isNotFound */.c4)(error, 'deploymentGroup')) {
            throw new errors/* ActionError */.lZ(`CodeDeploy deployment group ${o.deploymentGroup} not found in application ${o.application}. Set \`codedeploy-deployment-group\` (the console names it DgpECS-<cluster>-<service>).`);
        }
        throw (0,errors/* describeAwsError */.Pp)(`GetDeploymentGroup (${o.application}/${o.deploymentGroup})`, error);
    }
    const services = group?.ecsServices ?? [];
    if (services.length > 0 &&
        !services.some((s) => s.serviceName === o.service && s.clusterName === o.cluster)) {
        const names = services.map((s) => `${s.clusterName}/${s.serviceName}`).join(', ');
        throw new errors/* ActionError */.lZ(`CodeDeploy deployment group ${o.deploymentGroup} deploys ${names}, not ${o.cluster}/${o.service}. Set \`codedeploy-deployment-group\` to the group of this service.`);
    }
    return group ?? {};
}
async function createCodeDeployment(cd, o) {
    try {
        const out = await cd.send(new client_codedeploy_dist_cjs/* CreateDeploymentCommand */.ttP({
            applicationName: o.application,
            deploymentGroupName: o.deploymentGroup,
            revision: {
                revisionType: 'AppSpecContent',
                appSpecContent: { content: o.content, sha256: o.sha256 }
            },
            ...(o.description ? { description: o.description } : {}),
            ...(o.deploymentConfig ? { deploymentConfigName: o.deploymentConfig } : {})
        }));
        if (!out.deploymentId)
            throw new errors/* ActionError */.lZ('CreateDeployment returned no deployment id.');
        return out.deploymentId;
    }
    catch (error) {
        throw (0,errors/* describeAwsError */.Pp)(`CreateDeployment (${o.application}/${o.deploymentGroup})`, error);
    }
}
async function watchCodeDeployment(o) {
    const started = o.clock.now();
    const say = (line) => o.log.info(`[${(0,watch/* formatElapsed */.C7)(o.clock.now() - started)}] ${line}`);
    let memory = { events: {} };
    let last;
    let lastStatus;
    let targetId;
    let greenTaskSet;
    const deadline = started + o.timeoutMs;
    const where = () => lastStatus && lastStatus !== 'InProgress' && lastStatus !== 'Created' ? lastStatus : last?.stage;
    const result = (outcome, message, stopped = false) => {
        const stage = where();
        return {
            outcome,
            message,
            ...(stage ? { stage } : {}),
            stopped,
            ...(greenTaskSet ? { greenTaskSet } : {})
        };
    };
    o.log.info(`Watching CodeDeploy deployment ${o.deploymentId} for up to ${(0,log/* formatDuration */.a3)(o.timeoutMs)}, polling every ${CODEDEPLOY_POLL_MS / 1000}s.`);
    for (;;) {
        if (o.signal?.aborted)
            return cancelled();
        const pollAt = o.clock.now();
        try {
            const snapshot = await poll();
            lastStatus = snapshot.status;
            last = decideCodeDeploy(snapshot, memory, o.waitUntil);
            memory = last.memory;
            for (const line of last.lines)
                say(line);
            if (last.verdict !== 'continue') {
                say(last.reason);
                if (last.verdict === 'succeeded')
                    return result('completed', last.reason);
                if (last.verdict === 'reached')
                    return result('reached', last.reason);
                return result('failed', last.reason);
            }
        }
        catch (error) {
            if (o.signal?.aborted)
                return cancelled();
            if (!(0,aws_errors/* isRetryable */.r3)(error)) {
                throw (0,errors/* describeAwsError */.Pp)(`Watching CodeDeploy deployment ${o.deploymentId}`, error);
            }
            o.log.warning(`${(0,errors/* awsErrorName */.ZH)(error) ?? 'Error'} (${(0,errors/* errorMessage */.gJ)(error)}); trying again at the next poll.`);
        }
        const next = pollAt + CODEDEPLOY_POLL_MS;
        if (next > deadline) {
            const wait = deadline - o.clock.now();
            if (wait > 0)
                await o.clock.sleep(wait, o.signal);
            if (o.signal?.aborted)
                return cancelled();
            return result('timeout', `Timed out after ${(0,log/* formatDuration */.a3)(o.clock.now() - started)} waiting for CodeDeploy deployment ${o.deploymentId}${where() ? ` (at ${where()})` : ''}. The deployment continues in CodeDeploy.`);
        }
        const wait = next - o.clock.now();
        if (wait > 0)
            await o.clock.sleep(wait, o.signal);
    }
    async function poll() {
        const opts = o.signal ? { abortSignal: o.signal } : {};
        const info = (await o.cd.send(new client_codedeploy_dist_cjs/* GetDeploymentCommand */.Tvn({ deploymentId: o.deploymentId }), opts))
            .deploymentInfo;
        if (!targetId) {
            const listed = await o.cd.send(new client_codedeploy_dist_cjs/* ListDeploymentTargetsCommand */.$9V({ deploymentId: o.deploymentId }), opts);
            targetId = listed.targetIds?.[0];
        }
        let events = [];
        let greenTraffic;
        if (targetId) {
            const target = (await o.cd.send(new client_codedeploy_dist_cjs/* GetDeploymentTargetCommand */.Oxg({ deploymentId: o.deploymentId, targetId }), opts)).deploymentTarget?.ecsTarget;
            events = (target?.lifecycleEvents ?? []).map((e) => {
                const d = e.diagnostics;
                const diagnostics = d
                    ? [d.errorCode, d.scriptName, d.message, d.logTail].filter(Boolean).join(': ')
                    : '';
                return {
                    name: e.lifecycleEventName ?? '?',
                    status: e.status ?? 'Unknown',
                    ...(diagnostics ? { diagnostics } : {})
                };
            });
            const green = target?.taskSetsInfo?.find((t) => t.taskSetLabel === 'Green');
            greenTraffic = green?.trafficWeight;
            if (green?.identifer)
                greenTaskSet = green.identifer;
        }
        return {
            status: info?.status ?? 'Unknown',
            ...(info?.errorInformation?.code ? { errorCode: info.errorInformation.code } : {}),
            ...(info?.errorInformation?.message ? { errorMessage: info.errorInformation.message } : {}),
            events,
            ...(greenTraffic !== undefined ? { greenTraffic } : {})
        };
    }
    async function cancelled() {
        if (!o.cancelDeploymentOnAbort) {
            const message = `Cancelled: stopped watching CodeDeploy deployment ${o.deploymentId}${where() ? ` (at ${where()})` : ''}. It keeps going in CodeDeploy (set cancel-deployment-on-abort: true to stop and roll it back on cancellation).`;
            say(message);
            return result('cancelled', message);
        }
        try {
            await o.cd.send(new client_codedeploy_dist_cjs/* StopDeploymentCommand */.NzN({ deploymentId: o.deploymentId, autoRollbackEnabled: true }));
            const message = `Cancelled: stopped CodeDeploy deployment ${o.deploymentId} with rollback (StopDeployment, autoRollbackEnabled).`;
            say(message);
            return result('cancelled', message, true);
        }
        catch (error) {
            const message = `Cancelled; StopDeployment for ${o.deploymentId} failed (${(0,errors/* awsErrorName */.ZH)(error) ?? 'Error'}: ${(0,strategy_decide/* oneLine */.TN)((0,errors/* errorMessage */.gJ)(error))}); it keeps going in CodeDeploy.`;
            say(message);
            return result('cancelled', message);
        }
    }
}

;// CONCATENATED MODULE: ./src/deploy/codedeploy/run.ts
/**
 * The run's side of a CodeDeploy-controlled service: during validation, the
 * application and deployment group are checked and the AppSpec file is read;
 * after the task definition is registered, the AppSpec is written (or the
 * given one pointed at the new revision), shown, deployed with
 * CreateDeployment, and watched. Records `codedeploy-deployment-id`; what
 * the watch's end means is `codeDeployOutcome` (deploy/decide.ts), recorded
 * by the service stage like any other deployment's (src/run/service.ts).
 */









const PLACEHOLDER_ARN = 'arn:aws:ecs:us-east-1:000000000000:task-definition/check:1';
async function planCodeDeploy(ctx, service) {
    const { config, log } = ctx;
    const inputs = config.codeDeploy ?? {};
    const serviceName = service.serviceName ?? config.service ?? '';
    const application = inputs.application ?? defaultApplicationName(config.cluster, serviceName);
    const deploymentGroup = inputs.deploymentGroup ?? defaultDeploymentGroupName(config.cluster, serviceName);
    const cd = await ctx.clients.codedeploy();
    await checkCodeDeploy(cd, {
        application,
        deploymentGroup,
        cluster: config.cluster.split('/').at(-1) ?? config.cluster,
        service: serviceName
    });
    log.info(`Deployment controller CODE_DEPLOY: CodeDeploy application ${application}, deployment group ${deploymentGroup}.`);
    const plan = { application, deploymentGroup };
    if (inputs.appspec) {
        let text;
        try {
            text = await (0,promises_.readFile)(inputs.appspec, 'utf8');
        }
        catch (error) {
            throw new errors/* ActionError */.lZ(`\`codedeploy-appspec\`: cannot read ${inputs.appspec} (${(0,errors/* errorMessage */.gJ)(error)}).`);
        }
        await appSpecFromFile(text, inputs.appspec, PLACEHOLDER_ARN); // checked now, before any write
        plan.appspecFile = { path: inputs.appspec, text };
        return plan;
    }
    const lb = (service.loadBalancers ?? []).find((l) => l.containerName && l.containerPort);
    if (!lb?.containerName || !lb.containerPort) {
        throw new errors/* ActionError */.lZ(`Service ${serviceName} has no load balancer with a container name and port to write an AppSpec from; set \`codedeploy-appspec\` to an AppSpec file.`);
    }
    plan.container = { name: lb.containerName, port: lb.containerPort };
    return plan;
}
async function runCodeDeploy(ctx, plan, taskDefinitionArn, stage) {
    const { config, log, report, reporter } = ctx;
    const inputs = config.codeDeploy ?? {};
    const cd = await ctx.clients.codedeploy();
    const deploymentId = await stage('Deploy', async () => {
        let spec;
        if (plan.appspecFile) {
            spec = await appSpecFromFile(plan.appspecFile.text, plan.appspecFile.path, taskDefinitionArn);
            log.info(`AppSpec from ${plan.appspecFile.path}, TaskDefinition set to ${taskDefinitionArn}:`);
        }
        else {
            spec = generateAppSpec(taskDefinitionArn, plan.container.name, plan.container.port);
            log.info('AppSpec written by the action (no codedeploy-appspec):');
        }
        const { content, sha256 } = appSpecContent(spec);
        for (const line of content.split('\n'))
            log.info(`  ${line}`);
        const id = await createCodeDeployment(cd, {
            application: plan.application,
            deploymentGroup: plan.deploymentGroup,
            content,
            sha256,
            description: inputs.description,
            deploymentConfig: inputs.deploymentConfig
        });
        log.info(`Started CodeDeploy deployment ${id}.`);
        return id;
    });
    reporter.record({ codeDeployDeploymentId: deploymentId });
    // CodeDeploy's own rollbacks are not followed: the output says `false` throughout.
    reporter.output(outputs/* Outputs */.t.rolledBack, 'false');
    if (!config.waitForServiceStability) {
        return {
            outcome: {
                result: 'deployed',
                message: `CodeDeploy deployment ${deploymentId} started; not waiting (wait-for-service-stability: false).`
            }
        };
    }
    const strategy = config.strategy ?? { waitUntil: 'complete', cancelDeploymentOnAbort: false };
    const result = await stage('Watch deployment', () => watchCodeDeployment({
        cd,
        deploymentId,
        timeoutMs: config.waitTimeoutMs,
        waitUntil: strategy.waitUntil,
        cancelDeploymentOnAbort: strategy.cancelDeploymentOnAbort,
        clock: ctx.clock,
        log,
        signal: ctx.signal
    }));
    const outcome = (0,decide/* codeDeployOutcome */.Ny)(result, strategy.waitUntil);
    if (result.outcome === 'failed') {
        // As for rolling deployments: the green tasks' stop reasons and the log tail.
        const diagnostics = await diagnoseCodeDeploy({
            ecs: ctx.clients.ecs,
            logs: ctx.clients.logs,
            cluster: config.cluster,
            service: report.service ?? config.service ?? '',
            deploymentId,
            greenTaskSet: result.greenTaskSet,
            taskDefinitionArn,
            log
        });
        if (diagnostics) {
            for (const line of (0,deploy_diagnostics/* formatDiagnostics */.oO)(diagnostics))
                log.info(line);
            return { outcome, diagnostics };
        }
    }
    return { outcome };
}


/***/ })

};
