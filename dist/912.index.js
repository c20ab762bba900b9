export const id = 912;
export const ids = [912];
export const modules = {

/***/ 912:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cleanupPreviews: () => (/* reexport */ cleanupPreviews),
  createPreviewResources: () => (/* reexport */ createPreviewResources),
  destroyPreview: () => (/* reexport */ destroyPreview),
  forkSkipReason: () => (/* reexport */ fork/* forkSkipReason */.II),
  planPreviewDeploy: () => (/* reexport */ planPreviewDeploy),
  withPreviewTags: () => (/* reexport */ withPreviewTags)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-elastic-load-balancing-v2/dist-cjs/index.js
var client_elastic_load_balancing_v2_dist_cjs = __webpack_require__(586);
// EXTERNAL MODULE: ./src/taskdef/load.ts
var load = __webpack_require__(7114);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/aws/clients.ts + 1 modules
var clients = __webpack_require__(5408);
// EXTERNAL MODULE: ./src/aws/errors.ts
var aws_errors = __webpack_require__(9378);
// EXTERNAL MODULE: ./src/preview/names.ts
var names = __webpack_require__(9144);
;// CONCATENATED MODULE: ./src/preview/lb.ts
/**
 * Application Load Balancer facts for previews: which listener carries the
 * base service, which rule priority is free, which rule serves a host.
 * The choices are pure functions over what Describe* returned; the reads
 * below them only page through the API.
 */




/** ALB rule priorities run from 1 to 50000; lower is evaluated first. */
const MAX_RULE_PRIORITY = 50_000;
/** True when `actions` forward (plainly or weighted) to `targetGroupArn`. */
function forwardsTo(actions, targetGroupArn) {
    return (actions ?? []).some((action) => action.Type === 'forward' &&
        (action.TargetGroupArn === targetGroupArn ||
            (action.ForwardConfig?.TargetGroups ?? []).some((t) => t.TargetGroupArn === targetGroupArn)));
}
/** Every target group `actions` forward to. */
function forwardTargets(actions) {
    const arns = new Set();
    for (const action of actions ?? []) {
        if (action.Type !== 'forward')
            continue;
        if (action.TargetGroupArn)
            arns.add(action.TargetGroupArn);
        for (const t of action.ForwardConfig?.TargetGroups ?? []) {
            if (t.TargetGroupArn)
                arns.add(t.TargetGroupArn);
        }
    }
    return [...arns];
}
/** Host names a rule's host-header conditions match (both the old `Values` and `HostHeaderConfig`). */
function ruleHosts(rule) {
    const hosts = [];
    for (const condition of rule.Conditions ?? []) {
        if (condition.Field !== 'host-header')
            continue;
        hosts.push(...(condition.HostHeaderConfig?.Values ?? []), ...(condition.Values ?? []));
    }
    return [...new Set(hosts.map((h) => h.toLowerCase()))];
}
/**
 * True when an ALB host-header pattern matches `host`: case-insensitive,
 * `*` any run of characters, `?` exactly one (as ALB evaluates them).
 */
function hostPatternMatches(pattern, host) {
    const regex = pattern
        .toLowerCase()
        .split('')
        .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
        .join('');
    return new RegExp(`^${regex}$`).test(host.toLowerCase());
}
/** Every non-default rule with a host-header condition that matches `host`, wildcards included. */
function rulesRoutingHost(rules, host) {
    return rules.filter((rule) => !rule.IsDefault && ruleHosts(rule).some((pattern) => hostPatternMatches(pattern, host)));
}
/** The non-default rule that matches exactly `host`, if any. */
function ruleForHost(rules, host) {
    const wanted = host.toLowerCase();
    return rules.find((rule) => !rule.IsDefault && ruleHosts(rule).includes(wanted));
}
/**
 * The lowest priority no rule uses. Host rules are exact matches, so
 * putting the preview's first cannot take traffic from any other host, and
 * it keeps a catch-all rule of the base service from shadowing it.
 */
function freePriority(rules) {
    const used = new Set(rules.filter((r) => !r.IsDefault && r.Priority !== 'default').map((r) => Number(r.Priority)));
    for (let p = 1; p <= MAX_RULE_PRIORITY; p++)
        if (!used.has(p))
            return p;
    throw new Error('Every listener rule priority is in use.');
}
/**
 * The listener the preview's rule goes on: among HTTP(S) listeners, those
 * with a rule (the default one included) forwarding to the base target
 * group; HTTPS before HTTP; when none forwards there, any HTTPS listener,
 * then any HTTP one.
 */
function choosePreviewListener(listeners, rulesByListener, baseTargetGroupArn) {
    const web = listeners.filter((l) => l.Protocol === 'HTTPS' || l.Protocol === 'HTTP');
    const forwarding = web.filter((l) => forwardsTo(l.DefaultActions, baseTargetGroupArn) ||
        (rulesByListener.get(l.ListenerArn ?? '') ?? []).some((r) => forwardsTo(r.Actions, baseTargetGroupArn)));
    const byPreference = (pool) => pool.find((l) => l.Protocol === 'HTTPS') ?? pool.find((l) => l.Protocol === 'HTTP');
    return byPreference(forwarding) ?? byPreference(web);
}
/** `https://host` (or http), with the port when it is not the protocol's default. */
function listenerUrl(listener, host) {
    const https = listener.Protocol === 'HTTPS';
    const port = listener.Port;
    const defaultPort = https ? 443 : 80;
    return `${https ? 'https' : 'http'}://${host}${port && port !== defaultPort ? `:${port}` : ''}`;
}
// ---- reads -------------------------------------------------------------
async function listListeners(elb, loadBalancerArn) {
    const listeners = [];
    const client = await (0,clients/* sdkClient */.Id)(elb);
    for await (const page of (0,client_elastic_load_balancing_v2_dist_cjs/* paginateDescribeListeners */.GZx)({ client }, { LoadBalancerArn: loadBalancerArn })) {
        listeners.push(...(page.Listeners ?? []));
    }
    return listeners;
}
async function listRules(elb, listenerArn) {
    const rules = [];
    const client = await (0,clients/* sdkClient */.Id)(elb);
    for await (const page of (0,client_elastic_load_balancing_v2_dist_cjs/* paginateDescribeRules */.u6y)({ client }, { ListenerArn: listenerArn })) {
        rules.push(...(page.Rules ?? []));
    }
    return rules;
}
/** Tags of many resources (DescribeTags takes 20 at a time). Missing resources are left out. */
async function tagsOf(elb, arns) {
    const result = new Map();
    for (let i = 0; i < arns.length; i += 20) {
        const batch = arns.slice(i, i + 20);
        try {
            const out = await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeTagsCommand */.yRM({ ResourceArns: batch }));
            for (const d of out.TagDescriptions ?? []) {
                if (d.ResourceArn)
                    result.set(d.ResourceArn, (0,names/* fromElbTags */.h3)(d.Tags));
            }
        }
        catch (error) {
            // One vanished resource fails the whole batch; ask one by one instead.
            if (!(0,aws_errors/* isNotFound */.c4)(error, ...aws_errors/* ELB_RESOURCES */.QX))
                throw error;
            if (batch.length === 1)
                continue;
            for (const arn of batch) {
                for (const [k, v] of await tagsOf(elb, [arn]))
                    result.set(k, v);
            }
        }
    }
    return result;
}
/** A target group by name, or undefined. */
async function targetGroupByName(elb, name) {
    try {
        const out = await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeTargetGroupsCommand */.sC7({ Names: [name] }));
        return out.TargetGroups?.[0];
    }
    catch (error) {
        if ((0,aws_errors/* isNotFound */.c4)(error, 'targetGroup'))
            return undefined;
        throw error;
    }
}
async function targetGroupByArn(elb, arn) {
    try {
        const out = await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeTargetGroupsCommand */.sC7({ TargetGroupArns: [arn] }));
        return out.TargetGroups?.[0];
    }
    catch (error) {
        if ((0,aws_errors/* isNotFound */.c4)(error, 'targetGroup'))
            return undefined;
        throw error;
    }
}
/** Every target group attached to a load balancer. */
async function targetGroupsOfLoadBalancer(elb, loadBalancerArn) {
    const groups = [];
    const client = await (0,clients/* sdkClient */.Id)(elb);
    for await (const page of (0,client_elastic_load_balancing_v2_dist_cjs/* paginateDescribeTargetGroups */.u_3)({ client }, { LoadBalancerArn: loadBalancerArn })) {
        groups.push(...(page.TargetGroups ?? []));
    }
    return groups;
}

;// CONCATENATED MODULE: ./src/preview/plan.ts
/**
 * `preview: deploy`, before any write: checks the base service, finds out
 * whether the preview exists already (and is ours), and, with
 * `preview-host`, which listener, priority and target group it gets.
 * Read-only: every call here is a Describe.
 */






/** The preview's identity from the config, validated; throws an ActionError otherwise. */
function previewIdentity(config) {
    if (!config.service) {
        throw new errors/* ActionError */.lZ('`preview` needs `service`: the service the preview copies.');
    }
    const id = config.preview?.id ?? '';
    if (!id) {
        throw new errors/* ActionError */.lZ('No preview id: set `preview-id`, or run on a pull_request event so the pull request number is used.');
    }
    (0,names/* validatePreviewId */.SA)(id);
    const repository = config.github.repository ?? '';
    if (!repository) {
        throw new errors/* ActionError */.lZ('Previews need GITHUB_REPOSITORY (owner/name): every preview resource is tagged with the repository that owns it. Run the action in GitHub Actions, or set GITHUB_REPOSITORY.');
    }
    return { baseService: config.service, id, repository, cluster: (0,names/* clusterName */.SL)(config.cluster) };
}
/** Throws unless the base service can be copied: ACTIVE, deployed by ECS, replica, not a preview itself. */
function checkBaseService(base, name) {
    if (base.status !== 'ACTIVE') {
        throw new errors/* ActionError */.lZ(`The base service ${name} is ${base.status ?? 'missing'}, not ACTIVE.`);
    }
    const controller = base.deploymentController?.type ?? 'ECS';
    if (controller !== 'ECS') {
        throw new errors/* ActionError */.lZ(`The base service ${name} is deployed by ${controller}; previews copy services deployed by ECS only.`);
    }
    if (base.schedulingStrategy === 'DAEMON') {
        throw new errors/* ActionError */.lZ(`The base service ${name} uses the DAEMON strategy; previews copy REPLICA services only.`);
    }
    if ((0,names/* fromEcsTags */.Pc)(base.tags)[names/* PreviewTagKeys */.dI.previewOf]) {
        throw new errors/* ActionError */.lZ(`${name} is itself a preview; name the original service instead.`);
    }
}
/**
 * CreateService input copied from the base service: placement (launch type
 * or capacity providers, platform version, network, placement rules), the
 * rolling deployment settings with the circuit breaker, execute-command and
 * tag propagation. Left out on purpose, with a note each: CloudWatch alarms
 * (production's alarms must not roll back a preview), service discovery and
 * Service Connect (a preview must not register under production's names).
 */
function cloneServiceSettings(base, options) {
    const notes = [];
    const input = {
        cluster: options.cluster,
        serviceName: options.serviceName,
        desiredCount: options.desiredCount,
        schedulingStrategy: 'REPLICA',
        deploymentController: { type: 'ECS' },
        tags: (0,names/* toEcsTags */.aA)(options.tags),
        // Tasks carry the preview's tags unless the base deliberately takes them from the task definition.
        propagateTags: base.propagateTags === 'TASK_DEFINITION' ? 'TASK_DEFINITION' : 'SERVICE'
    };
    if (base.capacityProviderStrategy?.length) {
        input.capacityProviderStrategy = base.capacityProviderStrategy.map((item) => ({ ...item }));
    }
    else if (base.launchType) {
        input.launchType = base.launchType;
    }
    if (base.platformVersion)
        input.platformVersion = base.platformVersion;
    if (base.networkConfiguration)
        input.networkConfiguration = structuredClone(base.networkConfiguration);
    if (base.placementConstraints?.length) {
        input.placementConstraints = structuredClone(base.placementConstraints);
    }
    if (base.placementStrategy?.length)
        input.placementStrategy = structuredClone(base.placementStrategy);
    if (base.enableExecuteCommand !== undefined)
        input.enableExecuteCommand = base.enableExecuteCommand;
    if (base.enableECSManagedTags !== undefined)
        input.enableECSManagedTags = base.enableECSManagedTags;
    const dc = base.deploymentConfiguration;
    if (dc) {
        input.deploymentConfiguration = {
            ...(dc.maximumPercent !== undefined ? { maximumPercent: dc.maximumPercent } : {}),
            ...(dc.minimumHealthyPercent !== undefined
                ? { minimumHealthyPercent: dc.minimumHealthyPercent }
                : {}),
            ...(dc.deploymentCircuitBreaker
                ? { deploymentCircuitBreaker: { ...dc.deploymentCircuitBreaker } }
                : {})
        };
        if (dc.alarms?.alarmNames?.length) {
            notes.push("The base service's CloudWatch alarms are not copied: they watch production.");
        }
        if (dc.strategy && dc.strategy !== 'ROLLING') {
            notes.push(`The base service deploys ${dc.strategy}; the preview uses rolling deployments.`);
        }
    }
    if (base.serviceRegistries?.length) {
        notes.push('Service discovery registries are not copied: the preview must not answer for production.');
    }
    return { input, notes };
}
/**
 * The base task definition family the preview's family derives from: the
 * family reference's, the loaded `task-definition` file's, or the base
 * service's. Pure: the file is loaded once, by the caller.
 */
function baseFamily(source, baseService, file) {
    if (source.kind === 'family')
        return (0,names/* familyOf */.Ap)(source.reference);
    if (source.kind === 'file' && file?.family)
        return file.family;
    return baseService?.taskDefinition ? (0,names/* familyOf */.Ap)(baseService.taskDefinition) : undefined;
}
async function planPreviewDeploy(config, deps) {
    const { ecs, elb, log, baseService } = deps;
    const identity = previewIdentity(config);
    checkBaseService(baseService, identity.baseService);
    const serviceName = (0,names/* previewServiceName */.j3)(identity.baseService, identity.id);
    const source = config.taskDefinition;
    const file = source.kind === 'file'
        ? (deps.taskDefinition ?? (await (0,load/* loadTaskDefinitionFile */.bs)(source.path)))
        : undefined;
    const family = baseFamily(source, baseService, file);
    if (!family) {
        throw new errors/* ActionError */.lZ(`Could not tell the task definition family of ${identity.baseService}; set task-definition-family.`);
    }
    const tags = (0,names/* previewTags */.uh)(identity);
    const notes = [];
    // Does the preview exist, and is it ours?
    let existingService;
    try {
        const out = await ecs.send(new dist_cjs/* DescribeServicesCommand */.H7c({
            cluster: config.cluster,
            services: [serviceName],
            include: ['TAGS']
        }));
        existingService = out.services?.find((s) => s.serviceName === serviceName);
    }
    catch (error) {
        throw (0,errors/* describeAwsError */.Pp)(`Describing ${serviceName}`, error, config.region);
    }
    if (existingService?.status === 'INACTIVE')
        existingService = undefined;
    if (existingService) {
        if (!(0,names/* isTaggedAs */.R2)((0,names/* fromEcsTags */.Pc)(existingService.tags), identity)) {
            throw new errors/* ActionError */.lZ(`A service named ${serviceName} exists in ${config.cluster} but is not tagged as this preview (${(0,names/* describeIdentity */.Cl)(identity)}); refusing to take it over. Rename or tag it, or use another preview-id.`);
        }
        if (existingService.status === 'DRAINING') {
            throw new errors/* ActionError */.lZ(`The preview service ${serviceName} is still being deleted (DRAINING); re-run when it is gone.`);
        }
        notes.push(`Preview ${serviceName} exists: it will be updated.`);
    }
    else {
        notes.push(`Preview ${serviceName} does not exist yet: it will be created.`);
    }
    const desiredCount = config.desiredCount ?? 1;
    const cloned = cloneServiceSettings(baseService, {
        cluster: config.cluster,
        serviceName,
        desiredCount,
        tags
    });
    notes.push(...cloned.notes);
    // One service per run attempt: a retried CreateService returns the one the first attempt made.
    cloned.input.clientToken = (0,names/* createServiceClientToken */.EN)({
        repository: identity.repository,
        runId: config.github.runId ?? '',
        runAttempt: config.github.runAttempt ?? '1',
        cluster: identity.cluster,
        serviceName
    });
    const template = config.preview?.hostTemplate;
    const host = template ? (0,names/* previewHost */.pE)(template, identity.id) : undefined;
    const baseLb = (baseService.loadBalancers ?? []).find((lb) => lb.targetGroupArn);
    let loadBalancer;
    let url;
    if (host) {
        if (!baseLb?.targetGroupArn) {
            throw new errors/* ActionError */.lZ(`preview-host is set, but the base service ${identity.baseService} has no load balancer target group to copy. Remove preview-host, or put the base service behind an Application Load Balancer.`);
        }
        loadBalancer = await planLoadBalancer(elb, {
            host,
            identity,
            baseTargetGroupArn: baseLb.targetGroupArn,
            containerName: baseLb.containerName ?? '',
            containerPort: baseLb.containerPort ?? 0,
            tags,
            region: config.region,
            previewExists: existingService !== undefined
        });
        url = loadBalancer.url;
        notes.push(...loadBalancer.notes);
        if (baseService.healthCheckGracePeriodSeconds !== undefined) {
            cloned.input.healthCheckGracePeriodSeconds = baseService.healthCheckGracePeriodSeconds;
        }
    }
    else if (baseLb) {
        notes.push(`The base service is behind a load balancer, but without preview-host the preview gets none (it is reachable only inside the VPC).`);
    }
    for (const note of notes)
        log.info(note);
    if (url)
        log.info(`Preview URL: ${url}`);
    const plan = {
        identity,
        cluster: config.cluster,
        serviceName,
        family: (0,names/* previewFamily */.bc)(family, identity.id),
        exists: existingService !== undefined,
        tags,
        ecsTags: (0,names/* toEcsTags */.aA)(tags),
        desiredCount,
        createService: cloned.input,
        notes
    };
    if (existingService)
        plan.existingService = existingService;
    if (host)
        plan.host = host;
    if (url)
        plan.url = url;
    if (loadBalancer) {
        const { url: _url, notes: _notes, ...rest } = loadBalancer;
        plan.loadBalancer = rest;
    }
    return plan;
}
async function planLoadBalancer(elb, input) {
    const { host, identity, baseTargetGroupArn } = input;
    const notes = [];
    try {
        const baseTg = await targetGroupByArn(elb, baseTargetGroupArn);
        if (!baseTg) {
            throw new errors/* ActionError */.lZ(`The base service's target group ${baseTargetGroupArn} does not exist.`);
        }
        if (baseTg.TargetType === 'lambda') {
            throw new errors/* ActionError */.lZ(`The base target group ${baseTg.TargetGroupName} targets Lambda; cannot copy it.`);
        }
        const loadBalancerArn = baseTg.LoadBalancerArns?.[0];
        if (!loadBalancerArn) {
            throw new errors/* ActionError */.lZ(`The base target group ${baseTg.TargetGroupName} is not attached to a load balancer.`);
        }
        const lbOut = await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeLoadBalancersCommand */.AZi({ LoadBalancerArns: [loadBalancerArn] }));
        const lb = lbOut.LoadBalancers?.[0];
        if (lb?.Type && lb.Type !== 'application') {
            throw new errors/* ActionError */.lZ(`preview-host needs an Application Load Balancer; ${lb.LoadBalancerName} is a ${lb.Type} load balancer (no host-header rules).`);
        }
        const listeners = await listListeners(elb, loadBalancerArn);
        const rulesByListener = new Map();
        for (const listener of listeners) {
            if (listener.ListenerArn && (listener.Protocol === 'HTTP' || listener.Protocol === 'HTTPS')) {
                rulesByListener.set(listener.ListenerArn, await listRules(elb, listener.ListenerArn));
            }
        }
        const listener = choosePreviewListener(listeners, rulesByListener, baseTargetGroupArn);
        if (!listener?.ListenerArn) {
            throw new errors/* ActionError */.lZ(`The load balancer ${lb?.LoadBalancerName ?? loadBalancerArn} has no HTTP or HTTPS listener.`);
        }
        const rules = rulesByListener.get(listener.ListenerArn) ?? [];
        notes.push(`Preview rule goes on the ${listener.Protocol}:${listener.Port} listener of ${lb?.LoadBalancerName ?? loadBalancerArn}.`);
        const targetGroupName = (0,names/* previewTargetGroupName */.IK)(identity);
        const existingTg = await targetGroupByName(elb, targetGroupName);
        // Every rule that already routes the host (wildcards too): the preview's rule goes first
        // (lowest free priority), so it would take that host's traffic from each of them.
        const routing = rulesRoutingHost(rules, host);
        const toCheck = [existingTg?.TargetGroupArn, ...routing.map((r) => r.RuleArn)].filter((a) => !!a);
        const tags = toCheck.length ? await tagsOf(elb, toCheck) : new Map();
        if (existingTg?.TargetGroupArn && !(0,names/* isTaggedAs */.R2)(tags.get(existingTg.TargetGroupArn), identity)) {
            throw new errors/* ActionError */.lZ(`A target group named ${targetGroupName} exists but is not tagged as this preview (${(0,names/* describeIdentity */.Cl)(identity)}); refusing to use it.`);
        }
        const foreign = routing.find((r) => !(0,names/* isTaggedAs */.R2)(tags.get(r.RuleArn ?? ''), identity));
        if (foreign) {
            throw new errors/* ActionError */.lZ(`The listener already routes ${host}: rule ${foreign.RuleArn ?? '?'} (priority ${foreign.Priority ?? '?'}, host ${ruleHosts(foreign).join(', ')}) is not this preview's (${(0,names/* describeIdentity */.Cl)(identity)}); refusing to take its traffic. Use another preview-host.`);
        }
        if (lb?.DNSName && hostPatternMatches(lb.DNSName, host)) {
            throw new errors/* ActionError */.lZ(`preview-host gives ${host}, the load balancer's own DNS name, which its default action serves; refusing to take it. Use a host under your own domain.`);
        }
        const existingRule = ruleForHost(routing, host);
        if (!input.previewExists) {
            if (existingTg)
                notes.push(`Target group ${targetGroupName} exists from an earlier run: reused.`);
            if (existingRule)
                notes.push(`The rule for ${host} exists from an earlier run: reused.`);
        }
        const plan = {
            loadBalancerArn,
            listenerArn: listener.ListenerArn,
            listenerProtocol: listener.Protocol === 'HTTPS' ? 'HTTPS' : 'HTTP',
            host,
            priority: existingRule ? Number(existingRule.Priority) : freePriority(rules),
            baseTargetGroupArn,
            targetGroup: cloneTargetGroup(baseTg, targetGroupName, input.tags),
            containerName: input.containerName,
            containerPort: input.containerPort,
            url: listenerUrl(listener, host),
            notes
        };
        if (lb?.LoadBalancerName)
            plan.loadBalancerName = lb.LoadBalancerName;
        if (lb?.DNSName)
            plan.dnsName = lb.DNSName;
        if (existingTg?.TargetGroupArn)
            plan.existingTargetGroupArn = existingTg.TargetGroupArn;
        if (existingRule?.RuleArn)
            plan.existingRuleArn = existingRule.RuleArn;
        return plan;
    }
    catch (error) {
        throw (0,errors/* describeAwsError */.Pp)('Looking up the load balancer for the preview', error, input.region);
    }
}
/** CreateTargetGroup input with the base group's protocol, port, VPC, target type and health check. */
function cloneTargetGroup(base, name, tags) {
    const input = {
        Name: name,
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
    };
    const copy = (key) => {
        const value = base[key];
        if (value !== undefined)
            input[key] = structuredClone(value);
    };
    copy('Protocol');
    copy('ProtocolVersion');
    copy('Port');
    copy('VpcId');
    copy('TargetType');
    copy('IpAddressType');
    copy('HealthCheckProtocol');
    copy('HealthCheckPort');
    copy('HealthCheckEnabled');
    copy('HealthCheckPath');
    copy('HealthCheckIntervalSeconds');
    copy('HealthCheckTimeoutSeconds');
    copy('HealthyThresholdCount');
    copy('UnhealthyThresholdCount');
    copy('Matcher');
    return input;
}
/**
 * The task definition with the preview's tags merged in (same keys
 * replaced). Register preview revisions with these tags: destroy deletes
 * only revisions that carry them.
 */
function withPreviewTags(taskDefinition, plan) {
    const kept = (taskDefinition.tags ?? []).filter((t) => t.key === undefined || !(t.key in plan.tags));
    return { ...taskDefinition, tags: [...kept, ...(0,names/* toEcsTags */.aA)(plan.tags)] };
}

;// CONCATENATED MODULE: ./src/preview/create.ts
/**
 * Creates a new preview in the order that keeps a half-done run harmless
 * and findable: target group (tagged), then the listener rule (tagged) that
 * attaches it to the load balancer (ECS refuses a target group without
 * one), then the service (tagged). A failure leaves only tagged resources,
 * which `destroy` removes and the next `deploy` reuses.
 */






/** How often a rule priority taken by a concurrent run is re-chosen. */
const PRIORITY_ATTEMPTS = 5;
async function createPreviewResources(plan, taskDefinitionArn, deps) {
    const { ecs, elb, log } = deps;
    if (plan.exists) {
        throw new errors/* ActionError */.lZ(`The preview ${plan.serviceName} exists already; update it instead.`);
    }
    const created = {};
    const lbPlan = plan.loadBalancer;
    if (lbPlan) {
        created.targetGroupArn = await ensureTargetGroup(elb, plan, lbPlan, log);
        created.ruleArn = await ensureRule(elb, plan, lbPlan, created.targetGroupArn, log);
    }
    const input = {
        ...plan.createService,
        taskDefinition: taskDefinitionArn,
        ...(lbPlan && created.targetGroupArn
            ? {
                loadBalancers: [
                    {
                        targetGroupArn: created.targetGroupArn,
                        containerName: lbPlan.containerName,
                        containerPort: lbPlan.containerPort
                    }
                ]
            }
            : {})
    };
    try {
        const out = await ecs.send(new dist_cjs/* CreateServiceCommand */.JkR(input));
        const service = out.service;
        if (service?.serviceArn)
            created.serviceArn = service.serviceArn;
        const primary = service?.deployments?.find((d) => d.status === 'PRIMARY') ?? service?.deployments?.[0];
        if (primary?.id)
            created.deploymentId = primary.id;
        log.info(`Created service ${plan.serviceName} (desired count ${plan.desiredCount}, tagged ${(0,names/* describeIdentity */.Cl)(plan.identity)}).`);
    }
    catch (error) {
        const leftover = [created.targetGroupArn, created.ruleArn].filter(Boolean);
        const hint = leftover.length
            ? ` The target group and rule already created are tagged; the next deploy reuses them and \`preview: destroy\` removes them.`
            : '';
        const described = (0,errors/* describeAwsError */.Pp)(`Creating service ${plan.serviceName}`, error);
        throw new errors/* ActionError */.lZ(described.message + hint, described.details);
    }
    return created;
}
async function ensureTargetGroup(elb, plan, lbPlan, log) {
    if (lbPlan.existingTargetGroupArn)
        return lbPlan.existingTargetGroupArn;
    try {
        const out = await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* CreateTargetGroupCommand */.GGF(lbPlan.targetGroup));
        const arn = out.TargetGroups?.[0]?.TargetGroupArn;
        if (!arn)
            throw new Error('CreateTargetGroup returned no target group');
        log.info(`Created target group ${lbPlan.targetGroup.Name}.`);
        return arn;
    }
    catch (error) {
        if (!(0,aws_errors/* isConflict */.dh)(error, 'targetGroupNameTaken')) {
            throw (0,errors/* describeAwsError */.Pp)(`Creating target group ${lbPlan.targetGroup.Name}`, error);
        }
        // Created by a concurrent run since the plan: use it only if it is ours.
        const existing = await targetGroupByName(elb, lbPlan.targetGroup.Name);
        const arn = existing?.TargetGroupArn;
        if (!arn || !(0,names/* isTaggedAs */.R2)((await tagsOf(elb, [arn])).get(arn), plan.identity)) {
            throw new errors/* ActionError */.lZ(`A target group named ${lbPlan.targetGroup.Name} exists but is not this preview's; refusing to use it.`);
        }
        return arn;
    }
}
async function ensureRule(elb, plan, lbPlan, targetGroupArn, log) {
    if (lbPlan.existingRuleArn)
        return lbPlan.existingRuleArn;
    let priority = lbPlan.priority;
    for (let attempt = 1;; attempt++) {
        try {
            const out = await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* CreateRuleCommand */.OOk({
                ListenerArn: lbPlan.listenerArn,
                Priority: priority,
                Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [lbPlan.host] } }],
                Actions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
                Tags: (0,names/* toElbTags */.KE)(plan.tags)
            }));
            const arn = out.Rules?.[0]?.RuleArn;
            if (!arn)
                throw new Error('CreateRule returned no rule');
            log.info(`Created listener rule for ${lbPlan.host} at priority ${priority}.`);
            return arn;
        }
        catch (error) {
            if (!(0,aws_errors/* isConflict */.dh)(error, 'rulePriorityTaken') || attempt >= PRIORITY_ATTEMPTS) {
                throw (0,errors/* describeAwsError */.Pp)(`Creating the listener rule for ${lbPlan.host}`, error);
            }
            // Another pipeline took the priority since the plan: look again.
            const rules = await listRules(elb, lbPlan.listenerArn);
            const mine = ruleForHost(rules, lbPlan.host);
            if (mine?.RuleArn &&
                (0,names/* isTaggedAs */.R2)((await tagsOf(elb, [mine.RuleArn])).get(mine.RuleArn), plan.identity)) {
                return mine.RuleArn;
            }
            if (mine) {
                throw new errors/* ActionError */.lZ(`A rule for ${lbPlan.host} appeared on the listener that this preview did not create; refusing to change it.`);
            }
            priority = freePriority(rules);
            log.info(`Rule priority taken meanwhile; trying ${priority}.`);
        }
    }
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-cjs/index.js
var client_ecr_dist_cjs = __webpack_require__(8249);
// EXTERNAL MODULE: ./src/util/time.ts
var time = __webpack_require__(6043);
;// CONCATENATED MODULE: ./src/preview/guard.ts
/**
 * The only code that deletes anything for previews. Every function here
 * re-reads the resource's tags itself, right before deleting, and refuses
 * unless they name this preview (`preview-of` = base service and
 * `pull-request` = id); the base service is refused by name before any
 * call. Callers cannot talk these functions into deleting something by
 * passing the wrong ARN: the worst they get is a refusal.
 */







/** A refusal to delete: the resource is not this preview's. */
class PreviewGuardError extends errors/* ActionError */.lZ {
    constructor(message) {
        super(message);
    }
}
function assertIdentity(identity) {
    if (!(0,names/* isCompleteIdentity */.mk)(identity)) {
        throw new PreviewGuardError('Refusing to delete: the preview identity is incomplete.');
    }
}
/** Throws unless `tags` name this preview. Pure; the check every deleter below makes. */
function assertTaggedAs(what, tags, identity) {
    assertIdentity(identity);
    if (!(0,names/* isTaggedAs */.R2)(tags, identity)) {
        throw new PreviewGuardError(`Refusing to delete ${what}: it is not tagged ${(0,names/* describeIdentity */.Cl)(identity)}.`);
    }
}
/** Throws for a name that is not exactly this preview's service name (in particular the base service). */
function assertPreviewServiceName(serviceName, identity) {
    assertIdentity(identity);
    if (serviceName === identity.baseService) {
        throw new PreviewGuardError(`Refusing to delete service ${serviceName}: it is the base service, never a preview.`);
    }
    if (serviceName !== (0,names/* previewServiceName */.j3)(identity.baseService, identity.id)) {
        throw new PreviewGuardError(`Refusing to delete service ${serviceName}: the preview of ${identity.baseService} for ${identity.id} is named ${(0,names/* previewServiceName */.j3)(identity.baseService, identity.id)}.`);
    }
}
/**
 * Scales this preview's service to zero and deletes it (force). Returns the
 * service as it was, or 'absent' when there is none (or it is already
 * INACTIVE). DRAINING means a delete is already under way: nothing to do.
 */
async function deletePreviewService(ecs, cluster, serviceName, identity) {
    assertPreviewServiceName(serviceName, identity);
    const described = await ecs.send(new dist_cjs/* DescribeServicesCommand */.H7c({ cluster, services: [serviceName], include: ['TAGS'] }));
    const service = described.services?.find((s) => s.serviceName === serviceName);
    if (!service || service.status === 'INACTIVE')
        return { outcome: 'absent' };
    assertTaggedAs(`service ${serviceName}`, (0,names/* fromEcsTags */.Pc)(service.tags), identity);
    if (service.status === 'DRAINING')
        return { outcome: 'deleted', service };
    if ((service.desiredCount ?? 0) > 0 && service.schedulingStrategy !== 'DAEMON') {
        await ecs.send(new dist_cjs/* UpdateServiceCommand */.kZr({ cluster, service: serviceName, desiredCount: 0 }));
    }
    await ecs.send(new dist_cjs/* DeleteServiceCommand */.o6q({ cluster, service: serviceName, force: true }));
    return { outcome: 'deleted', service };
}
/** Tags of one load balancer resource, or undefined when it does not exist. */
async function elbTagsOf(elb, arn) {
    try {
        const out = await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeTagsCommand */.yRM({ ResourceArns: [arn] }));
        const description = out.TagDescriptions?.find((d) => d.ResourceArn === arn);
        return (0,names/* fromElbTags */.h3)(description?.Tags);
    }
    catch (error) {
        if (isElbNotFound(error))
            return undefined;
        throw error;
    }
}
function isElbNotFound(error) {
    return (0,aws_errors/* isNotFound */.c4)(error, ...aws_errors/* ELB_RESOURCES */.QX);
}
/**
 * Deletes a listener rule that is tagged as this preview's; never a default
 * rule, and never one that forwards to a `protectedTargetGroups` (the base
 * service's), tags or not: that rule is how production traffic arrives.
 */
async function deletePreviewRule(elb, ruleArn, identity, protectedTargetGroups = new Set()) {
    assertIdentity(identity);
    let rule;
    try {
        const out = await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeRulesCommand */.Ggo({ RuleArns: [ruleArn] }));
        rule = out.Rules?.find((r) => r.RuleArn === ruleArn);
        if (!rule)
            return 'absent';
    }
    catch (error) {
        if (isElbNotFound(error))
            return 'absent';
        throw error;
    }
    if (rule.IsDefault === true) {
        throw new PreviewGuardError(`Refusing to delete ${ruleArn}: it is a listener's default rule.`);
    }
    const base = forwardTargets(rule.Actions).find((arn) => protectedTargetGroups.has(arn));
    if (base) {
        throw new PreviewGuardError(`Refusing to delete listener rule ${ruleArn}: it forwards to ${base}, a target group of the base service ${identity.baseService}.`);
    }
    return deleteIfTagged(elb, `listener rule ${ruleArn}`, ruleArn, identity, () => elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DeleteRuleCommand */.piX({ RuleArn: ruleArn })));
}
/**
 * Deletes a target group that is tagged as this preview's. `protectedArns`
 * (the base service's target groups) are refused outright, tags or not.
 * A target group a rule still forwards to fails with ResourceInUse, which
 * is passed on.
 */
async function deletePreviewTargetGroup(elb, targetGroupArn, identity, protectedArns = new Set()) {
    assertIdentity(identity);
    if (protectedArns.has(targetGroupArn)) {
        throw new PreviewGuardError(`Refusing to delete ${targetGroupArn}: it is a target group of the base service ${identity.baseService}.`);
    }
    return deleteIfTagged(elb, `target group ${targetGroupArn}`, targetGroupArn, identity, () => elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DeleteTargetGroupCommand */.tX({ TargetGroupArn: targetGroupArn })));
}
/** The last step of every load-balancer delete: re-read the tags, then delete; gone = absent. */
async function deleteIfTagged(elb, label, arn, identity, remove) {
    const tags = await elbTagsOf(elb, arn);
    if (tags === undefined)
        return 'absent';
    assertTaggedAs(label, tags, identity);
    try {
        await remove();
    }
    catch (error) {
        if (isElbNotFound(error))
            return 'absent';
        throw error;
    }
    return 'deleted';
}
/**
 * Deregisters and deletes task definition revisions of this preview: each
 * must belong to a family ending in `-pr-<id>` and carry this preview's
 * tags. Returns what was deleted and what was refused (with the reason);
 * refusals do not stop the others.
 */
async function deletePreviewTaskDefinitions(ecs, arns, identity) {
    assertIdentity(identity);
    const deletable = [];
    const refused = [];
    for (const arn of arns) {
        if (!(0,names/* familyOf */.Ap)(arn).endsWith(`-pr-${identity.id}`)) {
            refused.push({ arn, reason: `its family does not end in -pr-${identity.id}` });
            continue;
        }
        let described;
        try {
            described = await ecs.send(new dist_cjs/* DescribeTaskDefinitionCommand */.Zy$({ taskDefinition: arn, include: ['TAGS'] }));
        }
        catch (error) {
            if ((0,aws_errors/* isNotFound */.c4)(error, 'taskDefinition'))
                continue; // already gone
            throw error;
        }
        if (!(0,names/* isTaggedAs */.R2)((0,names/* fromEcsTags */.Pc)(described.tags), identity)) {
            refused.push({
                arn,
                reason: `it is not tagged ${(0,names/* describeIdentity */.Cl)(identity)}`
            });
            continue;
        }
        if (described.taskDefinition?.status === 'ACTIVE') {
            await ecs.send(new dist_cjs/* DeregisterTaskDefinitionCommand */.sjB({ taskDefinition: arn }));
        }
        if (described.taskDefinition?.status !== 'DELETE_IN_PROGRESS')
            deletable.push(arn);
    }
    const deleted = [];
    for (let i = 0; i < deletable.length; i += 10) {
        const batch = deletable.slice(i, i + 10);
        const out = await ecs.send(new dist_cjs/* DeleteTaskDefinitionsCommand */.WeT({ taskDefinitions: batch }));
        for (const td of out.taskDefinitions ?? [])
            if (td.taskDefinitionArn)
                deleted.push(td.taskDefinitionArn);
        for (const failure of out.failures ?? []) {
            refused.push({ arn: failure.arn ?? '?', reason: failure.reason ?? 'delete failed' });
        }
    }
    return { deleted, refused };
}
/**
 * Deletes the image tags the rule in names.ts (previewImageTagsToDelete)
 * allows: `pr-<id>` tags only of images that carry this preview's mark,
 * by tag, so an image that also carries another tag keeps it and survives.
 * `images` must list every tag of each image (DescribeImages does): the
 * mark is checked here, not by the caller. Images the base service runs
 * (`protect`: its digests and tags) are left alone entirely.
 */
async function deletePreviewImageTags(ecr, repository, images, identity, protect = {}) {
    assertIdentity(identity);
    const rule = (0,names/* previewImageTagsToDelete */.x5)(images, identity);
    const tags = rule.tags
        .filter((image) => !protect.digests?.has(image.digest))
        .filter((image) => !protect.tags?.has(image.tag))
        .map((image) => image.tag);
    const deleted = [];
    for (let i = 0; i < tags.length; i += 100) {
        const batch = tags.slice(i, i + 100);
        const out = await ecr.send(new client_ecr_dist_cjs/* BatchDeleteImageCommand */.wau({
            repositoryName: repository,
            imageIds: batch.map((imageTag) => ({ imageTag }))
        }));
        for (const id of out.imageIds ?? [])
            if (id.imageTag)
                deleted.push(id.imageTag);
    }
    return { deleted, unmarked: rule.unmarked };
}

// EXTERNAL MODULE: ./src/image/reference.ts
var image_reference = __webpack_require__(3564);
;// CONCATENATED MODULE: ./src/preview/destroy.ts
/**
 * `preview: destroy`: finds what this preview created, by name and by tags,
 * and deletes it through the guards in guard.ts, which re-check the tags
 * themselves. Order: the service (scaled to zero, deleted, waited for),
 * then listener rules, then target groups (a rule pins its target group),
 * then task definition revisions, then the preview's own image tags.
 * Idempotent: whatever is already gone is skipped, so destroying twice, or
 * destroying a half-created preview, succeeds.
 */











const DEFAULT_WAIT_MS = 10 * 60_000;
const MIN_POLL_MS = 5_000;
async function destroyPreview(config, deps) {
    const { ecs, elb, log } = deps;
    const identity = previewIdentity(config);
    const serviceName = (0,names/* previewServiceName */.j3)(identity.baseService, identity.id);
    const report = {
        serviceName,
        message: '',
        service: 'absent',
        rules: [],
        targetGroups: [],
        taskDefinitions: [],
        images: [],
        leftInPlace: []
    };
    const leave = (what) => {
        report.leftInPlace.push(what);
        log.warning(what);
    };
    // What exists now: the preview service and the base service (for its load balancer and family).
    let preview;
    let base;
    try {
        const out = await ecs.send(new dist_cjs/* DescribeServicesCommand */.H7c({
            cluster: config.cluster,
            services: [serviceName, identity.baseService],
            include: ['TAGS']
        }));
        const live = (name) => out.services?.find((s) => s.serviceName === name && s.status !== 'INACTIVE');
        preview = live(serviceName);
        base = live(identity.baseService);
    }
    catch (error) {
        if (!(0,aws_errors/* isNotFound */.c4)(error, 'cluster')) {
            throw (0,errors/* describeAwsError */.Pp)(`Describing ${serviceName}`, error, config.region);
        }
        log.info(`Cluster ${config.cluster} not found: no preview service to delete.`);
    }
    // 1. The service.
    if (preview) {
        try {
            const deleted = await deletePreviewService(ecs, config.cluster, serviceName, identity);
            report.service = deleted.outcome;
            if (deleted.outcome === 'deleted') {
                log.info(`Deleting service ${serviceName} (scaled to 0, forced).`);
                await waitUntilGone(ecs, config.cluster, serviceName, deps);
            }
        }
        catch (error) {
            if (!(error instanceof PreviewGuardError)) {
                throw (0,errors/* describeAwsError */.Pp)(`Deleting service ${serviceName}`, error, config.region);
            }
            report.service = 'refused';
            leave(error.message);
        }
    }
    else {
        log.info(`Service ${serviceName}: not there.`);
    }
    // 2 and 3. Listener rules, then target groups.
    const baseTargetGroups = new Set((base?.loadBalancers ?? []).map((lb) => lb.targetGroupArn).filter((a) => !!a));
    try {
        await destroyLoadBalancing(elb, identity, preview, baseTargetGroups, report, log, leave);
    }
    catch (error) {
        throw (0,errors/* describeAwsError */.Pp)(`Deleting the load balancer resources of ${serviceName}`, error, config.region);
    }
    // 4. Task definition revisions.
    const families = new Set();
    if (preview?.taskDefinition)
        families.add((0,names/* familyOf */.Ap)(preview.taskDefinition));
    const fromConfig = baseFamily(config.taskDefinition, base, await destroyFile(config, log));
    if (fromConfig)
        families.add((0,names/* previewFamily */.bc)(fromConfig, identity.id));
    try {
        for (const family of families) {
            if (!family.endsWith(`-pr-${identity.id}`))
                continue;
            const arns = await familyRevisions(ecs, family);
            if (!arns.length)
                continue;
            const result = await deletePreviewTaskDefinitions(ecs, arns, identity);
            report.taskDefinitions.push(...result.deleted);
            for (const r of result.refused)
                leave(`Task definition ${r.arn} left in place: ${r.reason}.`);
        }
    }
    catch (error) {
        throw (0,errors/* describeAwsError */.Pp)(`Deleting the task definitions of ${serviceName}`, error, config.region);
    }
    if (report.taskDefinitions.length) {
        log.info(`Deregistered and deleted ${report.taskDefinitions.length} task definition revision(s).`);
    }
    // 5. Image tags made for this preview only.
    if (deps.ecr && deps.deleteImages !== false && config.image.kind === 'build') {
        try {
            const images = await destroyImages(deps.ecr, ecs, config.image.repository, identity, base);
            report.images = images.deleted;
            if (report.images.length) {
                log.info(`Deleted image tag(s) ${report.images.join(', ')} from ${config.image.repository}.`);
            }
            if (images.unmarked.length) {
                log.info(`Image tag(s) ${images.unmarked.join(', ')} left in ${config.image.repository}: their images do not carry this preview's mark (${(0,names/* previewImageMark */.LF)(identity, 'sha256:…')}), so this preview did not push them.`);
            }
        }
        catch (error) {
            leave(`Could not delete the preview's image tags: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    }
    report.message = summarize(report);
    log.info(report.message);
    return report;
}
async function waitUntilGone(ecs, cluster, serviceName, deps) {
    const clock = deps.clock ?? time/* systemClock */.m;
    const deadline = clock.now() + (deps.waitTimeoutMs ?? DEFAULT_WAIT_MS);
    const interval = Math.max(MIN_POLL_MS, deps.pollIntervalMs ?? MIN_POLL_MS);
    for (;;) {
        const out = await ecs.send(new dist_cjs/* DescribeServicesCommand */.H7c({ cluster, services: [serviceName] }));
        const service = out.services?.find((s) => s.serviceName === serviceName);
        if (!service || service.status === 'INACTIVE') {
            deps.log.info(`Service ${serviceName} is gone.`);
            return;
        }
        if (clock.now() + interval > deadline) {
            deps.log.warning(`Service ${serviceName} is still ${service.status} (running ${service.runningCount ?? 0}); ECS finishes deleting it on its own. Continuing.`);
            return;
        }
        await clock.sleep(interval);
    }
}
async function destroyLoadBalancing(elb, identity, preview, baseTargetGroups, report, log, leave) {
    // Candidate target groups: by the preview's name, from the preview service, and every group
    // attached to the base service's load balancers (a renamed group is still found by its tags).
    const candidates = new Map();
    const add = (tg) => {
        if (tg?.TargetGroupArn)
            candidates.set(tg.TargetGroupArn, tg);
    };
    add(await targetGroupByName(elb, (0,names/* previewTargetGroupName */.IK)(identity)));
    for (const lb of preview?.loadBalancers ?? []) {
        if (lb.targetGroupArn && !candidates.has(lb.targetGroupArn)) {
            add(await targetGroupByArn(elb, lb.targetGroupArn));
        }
    }
    const loadBalancers = new Set();
    for (const arn of baseTargetGroups) {
        const tg = await targetGroupByArn(elb, arn);
        for (const lbArn of tg?.LoadBalancerArns ?? [])
            loadBalancers.add(lbArn);
    }
    for (const lbArn of loadBalancers) {
        for (const tg of await targetGroupsOfLoadBalancer(elb, lbArn))
            add(tg);
    }
    for (const arn of baseTargetGroups)
        candidates.delete(arn);
    const tgTags = await tagsOf(elb, [...candidates.keys()]);
    const ours = [...candidates.values()].filter((tg) => (0,names/* isTaggedAs */.R2)(tgTags.get(tg.TargetGroupArn ?? ''), identity));
    for (const tg of ours)
        for (const lbArn of tg.LoadBalancerArns ?? [])
            loadBalancers.add(lbArn);
    // Rules: every tagged-as-ours rule on those load balancers' listeners.
    const oursArns = new Set(ours.map((tg) => tg.TargetGroupArn ?? ''));
    const rulesToDelete = [];
    for (const lbArn of loadBalancers) {
        for (const listener of await listListeners(elb, lbArn)) {
            if (!listener.ListenerArn)
                continue;
            const rules = (await listRules(elb, listener.ListenerArn)).filter((r) => !r.IsDefault);
            const ruleTags = await tagsOf(elb, rules.map((r) => r.RuleArn ?? '').filter(Boolean));
            for (const rule of rules) {
                if (!rule.RuleArn)
                    continue;
                if ((0,names/* isTaggedAs */.R2)(ruleTags.get(rule.RuleArn), identity))
                    rulesToDelete.push(rule.RuleArn);
                else if (forwardTargets(rule.Actions).some((arn) => oursArns.has(arn))) {
                    leave(`Listener rule ${rule.RuleArn} forwards to the preview's target group but is not tagged as the preview's: left in place.`);
                }
            }
        }
    }
    for (const ruleArn of rulesToDelete) {
        try {
            if ((await deletePreviewRule(elb, ruleArn, identity, baseTargetGroups)) === 'deleted') {
                report.rules.push(ruleArn);
                log.info(`Deleted listener rule ${ruleArn}.`);
            }
        }
        catch (error) {
            if (!(error instanceof PreviewGuardError))
                throw error;
            leave(error.message);
        }
    }
    for (const tg of ours) {
        const arn = tg.TargetGroupArn ?? '';
        try {
            if ((await deletePreviewTargetGroup(elb, arn, identity, baseTargetGroups)) === 'deleted') {
                report.targetGroups.push(arn);
                log.info(`Deleted target group ${tg.TargetGroupName ?? arn}.`);
            }
        }
        catch (error) {
            if (error instanceof PreviewGuardError)
                leave(error.message);
            else if ((0,aws_errors/* isConflict */.dh)(error, 'inUse')) {
                leave(`Target group ${tg.TargetGroupName ?? arn} is still used by a rule this preview did not create: left in place.`);
            }
            else
                throw error;
        }
    }
}
/** Every ACTIVE and INACTIVE revision of exactly `family` (ListTaskDefinitions matches by prefix). */
async function familyRevisions(ecs, family) {
    const arns = [];
    for (const status of ['ACTIVE', 'INACTIVE']) {
        for await (const page of (0,dist_cjs/* paginateListTaskDefinitions */.XPO)({ client: ecs }, { familyPrefix: family, status })) {
            arns.push(...(page.taskDefinitionArns ?? []).filter((arn) => (0,names/* familyOf */.Ap)(arn) === family));
        }
    }
    return arns;
}
async function destroyImages(ecr, ecs, repository, identity, base) {
    const images = [];
    try {
        for await (const page of (0,client_ecr_dist_cjs/* paginateDescribeImages */.XiR)({ client: ecr }, { repositoryName: repository, filter: { tagStatus: 'TAGGED' } })) {
            for (const detail of page.imageDetails ?? []) {
                const tags = detail.imageTags ?? [];
                if (detail.imageDigest && tags.some((tag) => (0,names/* isPreviewImageTag */.EL)(tag, identity.id))) {
                    images.push({ digest: detail.imageDigest, tags });
                }
            }
        }
    }
    catch (error) {
        if ((0,aws_errors/* isNotFound */.c4)(error, 'repository'))
            return { deleted: [], unmarked: [] };
        throw error;
    }
    if (!images.length)
        return { deleted: [], unmarked: [] };
    // Never take away an image the base service runs, even through a preview tag.
    const digests = new Set();
    const tags = new Set();
    if (base?.taskDefinition) {
        const out = await ecs.send(new dist_cjs/* DescribeTaskDefinitionCommand */.Zy$({ taskDefinition: base.taskDefinition }));
        for (const container of out.taskDefinition?.containerDefinitions ?? []) {
            const ref = imageReferenceParts(container.image ?? '');
            if (ref.digest)
                digests.add(ref.digest);
            if (ref.tag)
                tags.add(ref.tag);
        }
    }
    return deletePreviewImageTags(ecr, repository, images, identity, { digests, tags });
}
/**
 * The `task-definition` file, for its family. Teardown goes on without it
 * (the base service's family is used), but says why.
 */
async function destroyFile(config, log) {
    const source = config.taskDefinition;
    if (source.kind !== 'file')
        return undefined;
    try {
        return await (0,load/* loadTaskDefinitionFile */.bs)(source.path);
    }
    catch (error) {
        log.warning(`${(0,errors/* errorMessage */.gJ)(error)} The preview's task definition family is taken from the base service instead.`);
        return undefined;
    }
}
/** `repo:tag` / `repo@sha256:…` / `repo:tag@sha256:…` → its tag and digest. */
function imageReferenceParts(reference) {
    const { tag, digest } = (0,image_reference/* splitImageReference */.Xv)(reference);
    return { ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}
function summarize(report) {
    const parts = [];
    if (report.service === 'deleted')
        parts.push('the service');
    const count = (n, one, many) => {
        if (n)
            parts.push(`${n} ${n === 1 ? one : many}`);
    };
    count(report.rules.length, 'listener rule', 'listener rules');
    count(report.targetGroups.length, 'target group', 'target groups');
    count(report.taskDefinitions.length, 'task definition revision', 'task definition revisions');
    count(report.images.length, 'image tag', 'image tags');
    const left = report.leftInPlace.length
        ? ` ${report.leftInPlace.length} thing(s) left in place (see the warnings).`
        : '';
    if (!parts.length)
        return `Nothing of preview ${report.serviceName} to destroy: already gone.${left}`;
    return `Destroyed preview ${report.serviceName}: ${parts.join(', ')}.${left}`;
}

// EXTERNAL MODULE: ./src/github/deployments.ts
var deployments = __webpack_require__(6887);
// EXTERNAL MODULE: ./src/github/client.ts
var client = __webpack_require__(6584);
;// CONCATENATED MODULE: ./src/github/pulls.ts

/** True/false from GitHub; undefined (with a warning) when it cannot tell. */
async function isPullRequestClosed(access, pullRequest, log) {
    const quiet = log ?? {
        info() { },
        warning() { },
        error() { },
        debug() { },
        group: (_name, fn) => fn(),
        secret() { }
    };
    const purpose = `Checking pull request #${pullRequest}`;
    const connection = await (0,client/* connect */.Ng)(access, quiet, purpose);
    if (!connection)
        return undefined;
    const { octokit, repo } = connection;
    try {
        const response = await octokit.rest.pulls.get({
            ...repo,
            pull_number: pullRequest,
            ...(0,client/* requestOptions */.ag)()
        });
        return response.data.state === 'closed';
    }
    catch (error) {
        (0,client/* warn */.R8)(quiet, purpose, 'pull-requests: read', error);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/preview/cleanup.ts
/**
 * `preview: cleanup`, for a scheduled workflow: finds every preview of
 * `service` (services and target groups tagged preview-of=<service> and
 * with this run's repository and cluster), asks
 * GitHub whether each pull request is closed, and destroys those that are.
 * A preview whose pull request GitHub cannot confirm closed is kept.
 */









async function cleanupPreviews(config, deps) {
    const { log } = deps;
    const base = config.service;
    if (!base)
        throw new errors/* ActionError */.lZ('`preview: cleanup` needs `service`: whose previews to clean up.');
    const closed = deps.isPullRequestClosed ?? ((c, n) => isPullRequestClosed(c.github, n, log));
    const onDestroyed = deps.onDestroyed ??
        (async (c, id) => {
            await (0,deployments/* deactivateEnvironment */.Q)(c.github, `pr-${id}`, log);
        });
    const found = new Map();
    const repository = config.github.repository ?? '';
    if (!repository) {
        throw new errors/* ActionError */.lZ('`preview: cleanup` needs GITHUB_REPOSITORY (owner/name): it cleans up only the previews tagged with this repository.');
    }
    const cluster = (0,names/* clusterName */.SL)(config.cluster);
    // A preview of this run: same base service, repository and cluster (destroy re-checks all four).
    const belongs = (tags) => {
        if (tags[names/* PreviewTagKeys */.dI.previewOf] !== base)
            return undefined;
        if (tags[names/* PreviewTagKeys */.dI.repository] !== repository)
            return undefined;
        if (tags[names/* PreviewTagKeys */.dI.cluster] !== cluster)
            return undefined;
        return tags[names/* PreviewTagKeys */.dI.pullRequest] || undefined;
    };
    try {
        for (const service of await servicesOf(deps, config.cluster)) {
            const id = belongs((0,names/* fromEcsTags */.Pc)(service.tags));
            if (id && service.serviceName)
                found.set(id, { serviceName: service.serviceName });
        }
        // Half-created previews may have a target group and no service.
        const groups = await allTargetGroupArns(deps);
        for (const [, tags] of await tagsOf(deps.elb, groups)) {
            const id = belongs(tags);
            if (id && !found.has(id))
                found.set(id, {});
        }
    }
    catch (error) {
        throw (0,errors/* describeAwsError */.Pp)(`Listing the previews of ${base}`, error, config.region);
    }
    log.info(`Found ${found.size} preview(s) of ${base}.`);
    const previews = [];
    for (const [id, { serviceName }] of [...found].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
        const entry = {
            id,
            pullRequest: 'unknown',
            action: 'kept',
            ...(serviceName ? { serviceName } : {})
        };
        previews.push(entry);
        if (!/^[1-9]\d*$/.test(id)) {
            entry.pullRequest = 'not a number';
            entry.detail = 'its preview id is not a pull request number';
            continue;
        }
        const isClosed = await closed(config, Number(id));
        entry.pullRequest = isClosed === undefined ? 'unknown' : isClosed ? 'closed' : 'open';
        if (!isClosed)
            continue;
        try {
            const report = await log.group(`Destroy preview ${id}`, () => destroyPreview({ ...config, preview: { mode: 'destroy', id, pullRequest: Number(id) } }, deps));
            entry.action = 'destroyed';
            entry.detail = report.message;
            await onDestroyed(config, id);
        }
        catch (error) {
            entry.action = 'failed';
            entry.detail = (0,errors/* errorMessage */.gJ)(error);
            log.error(`Destroying preview ${id} failed: ${entry.detail}`);
        }
    }
    for (const e of previews) {
        log.info(`#${e.id}: pull request ${e.pullRequest}, ${e.action}${e.detail ? ` (${e.detail})` : ''}`);
    }
    const count = (action) => previews.filter((e) => e.action === action).length;
    const message = `Cleanup of ${base} previews: ${count('destroyed')} destroyed, ${count('kept')} kept, ${count('failed')} failed.`;
    const failed = previews.filter((e) => e.action === 'failed');
    if (failed.length) {
        throw new errors/* ActionError */.lZ(message, failed.map((e) => `#${e.id}: ${e.detail ?? 'failed'}`));
    }
    return { message, previews };
}
async function servicesOf(deps, cluster) {
    const arns = [];
    for await (const page of (0,dist_cjs/* paginateListServices */.wjm)({ client: deps.ecs, pageSize: 100 }, { cluster })) {
        arns.push(...(page.serviceArns ?? []));
    }
    const services = [];
    for (let i = 0; i < arns.length; i += 10) {
        const out = await deps.ecs.send(new dist_cjs/* DescribeServicesCommand */.H7c({ cluster, services: arns.slice(i, i + 10), include: ['TAGS'] }));
        services.push(...(out.services ?? []).filter((s) => s.status !== 'INACTIVE'));
    }
    return services;
}
async function allTargetGroupArns(deps) {
    const arns = [];
    const client = await (0,clients/* sdkClient */.Id)(deps.elb);
    for await (const page of (0,client_elastic_load_balancing_v2_dist_cjs/* paginateDescribeTargetGroups */.u_3)({ client }, { PageSize: 400 })) {
        for (const tg of page.TargetGroups ?? [])
            if (tg.TargetGroupArn)
                arns.push(tg.TargetGroupArn);
    }
    return arns;
}

// EXTERNAL MODULE: ./src/preview/fork.ts
var fork = __webpack_require__(8366);
;// CONCATENATED MODULE: ./src/preview/preview.ts
/**
 * Pull-request preview environments: what src/main.ts calls.
 *
 * deploy:  forkSkipReason → checkService (base) → planPreviewDeploy → render the
 *          task definition with `family: plan.family`, then withPreviewTags(…, plan) → register →
 *          plan.exists ? updateService(plan.serviceName) : createPreviewResources → watch.
 * destroy: destroyPreview → deactivateEnvironment.
 * cleanup: cleanupPreviews.
 */







/***/ })

};
