export namespace app {
	
	export class Account {
	    login: string;
	    name: string;
	    position: string;
	    unit: string;
	
	    static createFrom(source: any = {}) {
	        return new Account(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.login = source["login"];
	        this.name = source["name"];
	        this.position = source["position"];
	        this.unit = source["unit"];
	    }
	}
	export class AnswerLine {
	    label: string;
	    value: string;
	
	    static createFrom(source: any = {}) {
	        return new AnswerLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.value = source["value"];
	    }
	}
	export class Art15Result {
	    pdf: string;
	    json: string;
	    cases: number;
	    accesses: number;
	    partial: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Art15Result(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pdf = source["pdf"];
	        this.json = source["json"];
	        this.cases = source["cases"];
	        this.accesses = source["accesses"];
	        this.partial = source["partial"];
	    }
	}
	export class AuditLine {
	    id: string;
	    at: string;
	    staff: string;
	    staffId: string;
	    kind: string;
	    what: string;
	    sign: string;
	    caseId: string;
	    client: string;
	    clientId: string;
	    unit: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new AuditLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = source["at"];
	        this.staff = source["staff"];
	        this.staffId = source["staffId"];
	        this.kind = source["kind"];
	        this.what = source["what"];
	        this.sign = source["sign"];
	        this.caseId = source["caseId"];
	        this.client = source["client"];
	        this.clientId = source["clientId"];
	        this.unit = source["unit"];
	        this.reason = source["reason"];
	    }
	}
	export class AuditList {
	    lines: AuditLine[];
	    partial: boolean;
	    notice: string;
	    more: boolean;
	    units: string;
	
	    static createFrom(source: any = {}) {
	        return new AuditList(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.lines = this.convertValues(source["lines"], AuditLine);
	        this.partial = source["partial"];
	        this.notice = source["notice"];
	        this.more = source["more"];
	        this.units = source["units"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AuditPerson {
	    id: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new AuditPerson(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	    }
	}
	export class AuditQueryInput {
	    clientId: string;
	    staffId: string;
	    from: string;
	    to: string;
	    outside: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AuditQueryInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.clientId = source["clientId"];
	        this.staffId = source["staffId"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.outside = source["outside"];
	    }
	}
	export class CallbackDetail {
	    id: string;
	    name: string;
	    phone: string;
	    topic: string;
	    day: string;
	    from: string;
	    until: string;
	    when: string;
	    assigneeId: string;
	    assignee: string;
	    createdBy: string;
	    caseId: string;
	    clientId: string;
	    state: string;
	    outcome: string;
	    doneBy: string;
	    reagreed: number;
	    mine: boolean;
	    fullPhone: string;
	
	    static createFrom(source: any = {}) {
	        return new CallbackDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.phone = source["phone"];
	        this.topic = source["topic"];
	        this.day = source["day"];
	        this.from = source["from"];
	        this.until = source["until"];
	        this.when = source["when"];
	        this.assigneeId = source["assigneeId"];
	        this.assignee = source["assignee"];
	        this.createdBy = source["createdBy"];
	        this.caseId = source["caseId"];
	        this.clientId = source["clientId"];
	        this.state = source["state"];
	        this.outcome = source["outcome"];
	        this.doneBy = source["doneBy"];
	        this.reagreed = source["reagreed"];
	        this.mine = source["mine"];
	        this.fullPhone = source["fullPhone"];
	    }
	}
	export class CallbackFilter {
	    scope: string;
	    show: string;
	
	    static createFrom(source: any = {}) {
	        return new CallbackFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scope = source["scope"];
	        this.show = source["show"];
	    }
	}
	export class CallbackInput {
	    name: string;
	    phone: string;
	    topic: string;
	    day: string;
	    from: string;
	    until: string;
	    assigneeId: string;
	    caseId: string;
	    clientId: string;
	
	    static createFrom(source: any = {}) {
	        return new CallbackInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.phone = source["phone"];
	        this.topic = source["topic"];
	        this.day = source["day"];
	        this.from = source["from"];
	        this.until = source["until"];
	        this.assigneeId = source["assigneeId"];
	        this.caseId = source["caseId"];
	        this.clientId = source["clientId"];
	    }
	}
	export class CallbackRow {
	    id: string;
	    name: string;
	    phone: string;
	    topic: string;
	    day: string;
	    from: string;
	    until: string;
	    when: string;
	    assigneeId: string;
	    assignee: string;
	    createdBy: string;
	    caseId: string;
	    clientId: string;
	    state: string;
	    outcome: string;
	    doneBy: string;
	    reagreed: number;
	    mine: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CallbackRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.phone = source["phone"];
	        this.topic = source["topic"];
	        this.day = source["day"];
	        this.from = source["from"];
	        this.until = source["until"];
	        this.when = source["when"];
	        this.assigneeId = source["assigneeId"];
	        this.assignee = source["assignee"];
	        this.createdBy = source["createdBy"];
	        this.caseId = source["caseId"];
	        this.clientId = source["clientId"];
	        this.state = source["state"];
	        this.outcome = source["outcome"];
	        this.doneBy = source["doneBy"];
	        this.reagreed = source["reagreed"];
	        this.mine = source["mine"];
	    }
	}
	export class CallbackTime {
	    day: string;
	    from: string;
	    until: string;
	
	    static createFrom(source: any = {}) {
	        return new CallbackTime(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.day = source["day"];
	        this.from = source["from"];
	        this.until = source["until"];
	    }
	}
	export class StaffEntry {
	    id: string;
	    name: string;
	    position: string;
	    role: string;
	    unit: string;
	    unitSymbol: string;
	    room: string;
	    phone: string;
	    email: string;
	    competences: string[];
	    substitute: string;
	    absent: boolean;
	    absentUntil: string;
	    standInId: string;
	    standIn: string;
	    absence: string;
	
	    static createFrom(source: any = {}) {
	        return new StaffEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.position = source["position"];
	        this.role = source["role"];
	        this.unit = source["unit"];
	        this.unitSymbol = source["unitSymbol"];
	        this.room = source["room"];
	        this.phone = source["phone"];
	        this.email = source["email"];
	        this.competences = source["competences"];
	        this.substitute = source["substitute"];
	        this.absent = source["absent"];
	        this.absentUntil = source["absentUntil"];
	        this.standInId = source["standInId"];
	        this.standIn = source["standIn"];
	        this.absence = source["absence"];
	    }
	}
	export class FieldLine {
	    name: string;
	    label: string;
	    help: string;
	    example: string;
	    required: boolean;
	    section: string;
	    condition: string;
	
	    static createFrom(source: any = {}) {
	        return new FieldLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.label = source["label"];
	        this.help = source["help"];
	        this.example = source["example"];
	        this.required = source["required"];
	        this.section = source["section"];
	        this.condition = source["condition"];
	    }
	}
	export class DeadlineInfo {
	    text: string;
	    basis: string;
	    note: string;
	    label: string;
	
	    static createFrom(source: any = {}) {
	        return new DeadlineInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.basis = source["basis"];
	        this.note = source["note"];
	        this.label = source["label"];
	    }
	}
	export class FeeLine {
	    name: string;
	    amount: string;
	    grosze: number;
	    legalBasis: string;
	    account: string;
	    cashier: string;
	    condition: string;
	    exemptions: string;
	
	    static createFrom(source: any = {}) {
	        return new FeeLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.amount = source["amount"];
	        this.grosze = source["grosze"];
	        this.legalBasis = source["legalBasis"];
	        this.account = source["account"];
	        this.cashier = source["cashier"];
	        this.condition = source["condition"];
	        this.exemptions = source["exemptions"];
	    }
	}
	export class DocumentLine {
	    name: string;
	    presentation: string;
	    required: boolean;
	    condition: string;
	    check: string;
	    mustBeValid: boolean;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new DocumentLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.presentation = source["presentation"];
	        this.required = source["required"];
	        this.condition = source["condition"];
	        this.check = source["check"];
	        this.mustBeValid = source["mustBeValid"];
	        this.note = source["note"];
	    }
	}
	export class UnitInfo {
	    symbol: string;
	    name: string;
	    room: string;
	    phone: string;
	    email: string;
	
	    static createFrom(source: any = {}) {
	        return new UnitInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.symbol = source["symbol"];
	        this.name = source["name"];
	        this.room = source["room"];
	        this.phone = source["phone"];
	        this.email = source["email"];
	    }
	}
	export class CardDetail {
	    id: string;
	    code: string;
	    version: number;
	    storedAt: string;
	    textLang: string;
	    title: string;
	    summary: string;
	    category: string;
	    legalBasis: string[];
	    unit: UnitInfo;
	    jrwa: string;
	    archival: string;
	    identifiers: string;
	    sample: boolean;
	    whoMayApply: string;
	    whereToFile: string;
	    documents: DocumentLine[];
	    fees: FeeLine[];
	    feeTotal: string;
	    feeNote: string;
	    deadline: DeadlineInfo;
	    delivery: string;
	    appeal: string;
	    appealOpen: boolean;
	    steps: string[];
	    fields: FieldLine[];
	    notes: string;
	    staff: StaffEntry[];
	
	    static createFrom(source: any = {}) {
	        return new CardDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.code = source["code"];
	        this.version = source["version"];
	        this.storedAt = source["storedAt"];
	        this.textLang = source["textLang"];
	        this.title = source["title"];
	        this.summary = source["summary"];
	        this.category = source["category"];
	        this.legalBasis = source["legalBasis"];
	        this.unit = this.convertValues(source["unit"], UnitInfo);
	        this.jrwa = source["jrwa"];
	        this.archival = source["archival"];
	        this.identifiers = source["identifiers"];
	        this.sample = source["sample"];
	        this.whoMayApply = source["whoMayApply"];
	        this.whereToFile = source["whereToFile"];
	        this.documents = this.convertValues(source["documents"], DocumentLine);
	        this.fees = this.convertValues(source["fees"], FeeLine);
	        this.feeTotal = source["feeTotal"];
	        this.feeNote = source["feeNote"];
	        this.deadline = this.convertValues(source["deadline"], DeadlineInfo);
	        this.delivery = source["delivery"];
	        this.appeal = source["appeal"];
	        this.appealOpen = source["appealOpen"];
	        this.steps = source["steps"];
	        this.fields = this.convertValues(source["fields"], FieldLine);
	        this.notes = source["notes"];
	        this.staff = this.convertValues(source["staff"], StaffEntry);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CardSummary {
	    id: string;
	    code: string;
	    version: number;
	    title: string;
	    titleTr: string;
	    category: string;
	    unitSymbol: string;
	    deadline: string;
	    fees: string;
	    sample: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CardSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.code = source["code"];
	        this.version = source["version"];
	        this.title = source["title"];
	        this.titleTr = source["titleTr"];
	        this.category = source["category"];
	        this.unitSymbol = source["unitSymbol"];
	        this.deadline = source["deadline"];
	        this.fees = source["fees"];
	        this.sample = source["sample"];
	    }
	}
	export class StatusOption {
	    status: string;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new StatusOption(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.text = source["text"];
	    }
	}
	export class CaseEventLine {
	    at: string;
	    text: string;
	    staff: string;
	    detail: string;
	
	    static createFrom(source: any = {}) {
	        return new CaseEventLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = source["at"];
	        this.text = source["text"];
	        this.staff = source["staff"];
	        this.detail = source["detail"];
	    }
	}
	export class ChecklistLine {
	    docId: string;
	    name: string;
	    presentation: string;
	    required: boolean;
	    applies: boolean;
	    check?: string;
	    mustBeValid?: boolean;
	    mark: string;
	    number?: string;
	    validUntil?: string;
	    presentationText: string;
	    problem: string;
	    missing: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ChecklistLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.docId = source["docId"];
	        this.name = source["name"];
	        this.presentation = source["presentation"];
	        this.required = source["required"];
	        this.applies = source["applies"];
	        this.check = source["check"];
	        this.mustBeValid = source["mustBeValid"];
	        this.mark = source["mark"];
	        this.number = source["number"];
	        this.validUntil = source["validUntil"];
	        this.presentationText = source["presentationText"];
	        this.problem = source["problem"];
	        this.missing = source["missing"];
	    }
	}
	export class CaseDetail {
	    id: string;
	    sign: string;
	    provisional: boolean;
	    reprintDue: boolean;
	    oldSign: string;
	    status: string;
	    statusText: string;
	    service: string;
	    serviceTr: string;
	    cardVersion: number;
	    cardId: string;
	    client: string;
	    clientId: string;
	    clientKind: string;
	    identLabel: string;
	    ident: string;
	    address: string;
	    phone: string;
	    email: string;
	    submittedOn: string;
	    dueOn: string;
	    daysLeft: number;
	    flag: string;
	    supplementDue: string;
	    answers: AnswerLine[];
	    checklist: ChecklistLine[];
	    events: CaseEventLine[];
	    next: StatusOption[];
	    registeredBy: string;
	    assignee: string;
	    noticed: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CaseDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.sign = source["sign"];
	        this.provisional = source["provisional"];
	        this.reprintDue = source["reprintDue"];
	        this.oldSign = source["oldSign"];
	        this.status = source["status"];
	        this.statusText = source["statusText"];
	        this.service = source["service"];
	        this.serviceTr = source["serviceTr"];
	        this.cardVersion = source["cardVersion"];
	        this.cardId = source["cardId"];
	        this.client = source["client"];
	        this.clientId = source["clientId"];
	        this.clientKind = source["clientKind"];
	        this.identLabel = source["identLabel"];
	        this.ident = source["ident"];
	        this.address = source["address"];
	        this.phone = source["phone"];
	        this.email = source["email"];
	        this.submittedOn = source["submittedOn"];
	        this.dueOn = source["dueOn"];
	        this.daysLeft = source["daysLeft"];
	        this.flag = source["flag"];
	        this.supplementDue = source["supplementDue"];
	        this.answers = this.convertValues(source["answers"], AnswerLine);
	        this.checklist = this.convertValues(source["checklist"], ChecklistLine);
	        this.events = this.convertValues(source["events"], CaseEventLine);
	        this.next = this.convertValues(source["next"], StatusOption);
	        this.registeredBy = source["registeredBy"];
	        this.assignee = source["assignee"];
	        this.noticed = source["noticed"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class CaseQuery {
	    text: string;
	    status: string;
	    due: string;
	    limit: number;
	    mine: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CaseQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.status = source["status"];
	        this.due = source["due"];
	        this.limit = source["limit"];
	        this.mine = source["mine"];
	    }
	}
	export class CaseRow {
	    id: string;
	    sign: string;
	    status: string;
	    statusText: string;
	    service: string;
	    serviceTr: string;
	    client: string;
	    ident: string;
	    dueOn: string;
	    daysLeft: number;
	    flag: string;
	
	    static createFrom(source: any = {}) {
	        return new CaseRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.sign = source["sign"];
	        this.status = source["status"];
	        this.statusText = source["statusText"];
	        this.service = source["service"];
	        this.serviceTr = source["serviceTr"];
	        this.client = source["client"];
	        this.ident = source["ident"];
	        this.dueOn = source["dueOn"];
	        this.daysLeft = source["daysLeft"];
	        this.flag = source["flag"];
	    }
	}
	
	export class ClientHit {
	    id: string;
	    kind: string;
	    name: string;
	    identLabel: string;
	    ident: string;
	    birthYear: string;
	    city: string;
	
	    static createFrom(source: any = {}) {
	        return new ClientHit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.name = source["name"];
	        this.identLabel = source["identLabel"];
	        this.ident = source["ident"];
	        this.birthYear = source["birthYear"];
	        this.city = source["city"];
	    }
	}
	export class ClockView {
	    state: string;
	    notice: string;
	    confirm: boolean;
	    now: string;
	
	    static createFrom(source: any = {}) {
	        return new ClockView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.notice = source["notice"];
	        this.confirm = source["confirm"];
	        this.now = source["now"];
	    }
	}
	export class Colleague {
	    id: string;
	    name: string;
	    position: string;
	
	    static createFrom(source: any = {}) {
	        return new Colleague(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.position = source["position"];
	    }
	}
	export class ComplaintAnswer {
	    body: string;
	    groundsFact: string;
	    groundsLaw: string;
	    signerName: string;
	    signerPost: string;
	    repeatNote: string;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new ComplaintAnswer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.body = source["body"];
	        this.groundsFact = source["groundsFact"];
	        this.groundsLaw = source["groundsLaw"];
	        this.signerName = source["signerName"];
	        this.signerPost = source["signerPost"];
	        this.repeatNote = source["repeatNote"];
	        this.text = source["text"];
	    }
	}
	export class ComplaintAnswerInput {
	    outcome: string;
	    answeredOn: string;
	    channel: string;
	    answer: ComplaintAnswer;
	
	    static createFrom(source: any = {}) {
	        return new ComplaintAnswerInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.outcome = source["outcome"];
	        this.answeredOn = source["answeredOn"];
	        this.channel = source["channel"];
	        this.answer = this.convertValues(source["answer"], ComplaintAnswer);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ComplaintDetail {
	    id: string;
	    kind: string;
	    kindLabel: string;
	    channel: string;
	    receivedOn: string;
	    received: string;
	    author: string;
	    subject: string;
	    status: string;
	    statusLabel: string;
	    outcome: string;
	    outcomeLabel: string;
	    assigneeId: string;
	    assignee: string;
	    clock: string;
	    due: string;
	    dueOn: string;
	    overdue: boolean;
	    soon: boolean;
	    caseId: string;
	    competent: boolean;
	    concernsStaff: string;
	    anonymous: boolean;
	    name: string;
	    address: string;
	    contact: string;
	    lang: string;
	    summary: string;
	    concernsStaffId: string;
	    unitId: string;
	    forwardTo: string;
	    forwardedOn: string;
	    forwardLateNote: string;
	    forwardDue: string;
	    answerDue: string;
	    extendedTo: string;
	    extendReason: string;
	    answeredOn: string;
	    answerChannel: string;
	    answer: ComplaintAnswer;
	    decidedBy: string;
	    forwardDueText: string;
	    answerDueText: string;
	    forwardedText: string;
	    extendedText: string;
	    answeredText: string;
	    repeatNote: string;
	    suggested: string;
	    assignable: string[];
	    mayDecide: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ComplaintDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.kindLabel = source["kindLabel"];
	        this.channel = source["channel"];
	        this.receivedOn = source["receivedOn"];
	        this.received = source["received"];
	        this.author = source["author"];
	        this.subject = source["subject"];
	        this.status = source["status"];
	        this.statusLabel = source["statusLabel"];
	        this.outcome = source["outcome"];
	        this.outcomeLabel = source["outcomeLabel"];
	        this.assigneeId = source["assigneeId"];
	        this.assignee = source["assignee"];
	        this.clock = source["clock"];
	        this.due = source["due"];
	        this.dueOn = source["dueOn"];
	        this.overdue = source["overdue"];
	        this.soon = source["soon"];
	        this.caseId = source["caseId"];
	        this.competent = source["competent"];
	        this.concernsStaff = source["concernsStaff"];
	        this.anonymous = source["anonymous"];
	        this.name = source["name"];
	        this.address = source["address"];
	        this.contact = source["contact"];
	        this.lang = source["lang"];
	        this.summary = source["summary"];
	        this.concernsStaffId = source["concernsStaffId"];
	        this.unitId = source["unitId"];
	        this.forwardTo = source["forwardTo"];
	        this.forwardedOn = source["forwardedOn"];
	        this.forwardLateNote = source["forwardLateNote"];
	        this.forwardDue = source["forwardDue"];
	        this.answerDue = source["answerDue"];
	        this.extendedTo = source["extendedTo"];
	        this.extendReason = source["extendReason"];
	        this.answeredOn = source["answeredOn"];
	        this.answerChannel = source["answerChannel"];
	        this.answer = this.convertValues(source["answer"], ComplaintAnswer);
	        this.decidedBy = source["decidedBy"];
	        this.forwardDueText = source["forwardDueText"];
	        this.answerDueText = source["answerDueText"];
	        this.forwardedText = source["forwardedText"];
	        this.extendedText = source["extendedText"];
	        this.answeredText = source["answeredText"];
	        this.repeatNote = source["repeatNote"];
	        this.suggested = source["suggested"];
	        this.assignable = source["assignable"];
	        this.mayDecide = source["mayDecide"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ComplaintExtendInput {
	    newDue: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new ComplaintExtendInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.newDue = source["newDue"];
	        this.reason = source["reason"];
	    }
	}
	export class ComplaintFilter {
	    show: string;
	    year: number;
	
	    static createFrom(source: any = {}) {
	        return new ComplaintFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.show = source["show"];
	        this.year = source["year"];
	    }
	}
	export class ComplaintForwardInput {
	    forwardTo: string;
	    forwardedOn: string;
	    lateNote: string;
	
	    static createFrom(source: any = {}) {
	        return new ComplaintForwardInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.forwardTo = source["forwardTo"];
	        this.forwardedOn = source["forwardedOn"];
	        this.lateNote = source["lateNote"];
	    }
	}
	export class ComplaintInput {
	    kind: string;
	    channel: string;
	    receivedOn: string;
	    anonymous: boolean;
	    name: string;
	    address: string;
	    contact: string;
	    lang: string;
	    subject: string;
	    summary: string;
	    concernsStaffId: string;
	    unitId: string;
	    competent: boolean;
	    forwardTo: string;
	    assigneeId: string;
	
	    static createFrom(source: any = {}) {
	        return new ComplaintInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.channel = source["channel"];
	        this.receivedOn = source["receivedOn"];
	        this.anonymous = source["anonymous"];
	        this.name = source["name"];
	        this.address = source["address"];
	        this.contact = source["contact"];
	        this.lang = source["lang"];
	        this.subject = source["subject"];
	        this.summary = source["summary"];
	        this.concernsStaffId = source["concernsStaffId"];
	        this.unitId = source["unitId"];
	        this.competent = source["competent"];
	        this.forwardTo = source["forwardTo"];
	        this.assigneeId = source["assigneeId"];
	    }
	}
	export class ComplaintUnit {
	    id: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new ComplaintUnit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	    }
	}
	export class ComplaintPerson {
	    id: string;
	    name: string;
	    unitId: string;
	    role: string;
	
	    static createFrom(source: any = {}) {
	        return new ComplaintPerson(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.unitId = source["unitId"];
	        this.role = source["role"];
	    }
	}
	export class ComplaintOptions {
	    staff: ComplaintPerson[];
	    units: ComplaintUnit[];
	    channels: string[];
	    langs: string[];
	    today: string;
	    me: string;
	    myName: string;
	    myPost: string;
	    repeatNote: string;
	
	    static createFrom(source: any = {}) {
	        return new ComplaintOptions(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.staff = this.convertValues(source["staff"], ComplaintPerson);
	        this.units = this.convertValues(source["units"], ComplaintUnit);
	        this.channels = source["channels"];
	        this.langs = source["langs"];
	        this.today = source["today"];
	        this.me = source["me"];
	        this.myName = source["myName"];
	        this.myPost = source["myPost"];
	        this.repeatNote = source["repeatNote"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Printout {
	    path: string;
	    name?: string;
	    bytes: number;
	
	    static createFrom(source: any = {}) {
	        return new Printout(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.name = source["name"];
	        this.bytes = source["bytes"];
	    }
	}
	export class ComplaintResult {
	    complaint: ComplaintDetail;
	    printout: Printout;
	    late: number;
	
	    static createFrom(source: any = {}) {
	        return new ComplaintResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.complaint = this.convertValues(source["complaint"], ComplaintDetail);
	        this.printout = this.convertValues(source["printout"], Printout);
	        this.late = source["late"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ComplaintRow {
	    id: string;
	    kind: string;
	    kindLabel: string;
	    channel: string;
	    receivedOn: string;
	    received: string;
	    author: string;
	    subject: string;
	    status: string;
	    statusLabel: string;
	    outcome: string;
	    outcomeLabel: string;
	    assigneeId: string;
	    assignee: string;
	    clock: string;
	    due: string;
	    dueOn: string;
	    overdue: boolean;
	    soon: boolean;
	    caseId: string;
	    competent: boolean;
	    concernsStaff: string;
	
	    static createFrom(source: any = {}) {
	        return new ComplaintRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.kindLabel = source["kindLabel"];
	        this.channel = source["channel"];
	        this.receivedOn = source["receivedOn"];
	        this.received = source["received"];
	        this.author = source["author"];
	        this.subject = source["subject"];
	        this.status = source["status"];
	        this.statusLabel = source["statusLabel"];
	        this.outcome = source["outcome"];
	        this.outcomeLabel = source["outcomeLabel"];
	        this.assigneeId = source["assigneeId"];
	        this.assignee = source["assignee"];
	        this.clock = source["clock"];
	        this.due = source["due"];
	        this.dueOn = source["dueOn"];
	        this.overdue = source["overdue"];
	        this.soon = source["soon"];
	        this.caseId = source["caseId"];
	        this.competent = source["competent"];
	        this.concernsStaff = source["concernsStaff"];
	    }
	}
	
	export class ConflictLine {
	    id: string;
	    what: string;
	    field: string;
	    kept: string;
	    rejected: string;
	    at: string;
	
	    static createFrom(source: any = {}) {
	        return new ConflictLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.what = source["what"];
	        this.field = source["field"];
	        this.kept = source["kept"];
	        this.rejected = source["rejected"];
	        this.at = source["at"];
	    }
	}
	export class ContactInput {
	    phone: string;
	    email: string;
	
	    static createFrom(source: any = {}) {
	        return new ContactInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.phone = source["phone"];
	        this.email = source["email"];
	    }
	}
	export class DateFlagLine {
	    id: string;
	    caseId: string;
	    sign: string;
	    onDevice: boolean;
	    submitted: string;
	    registryDate: string;
	    reason: string;
	    device: string;
	
	    static createFrom(source: any = {}) {
	        return new DateFlagLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.caseId = source["caseId"];
	        this.sign = source["sign"];
	        this.onDevice = source["onDevice"];
	        this.submitted = source["submitted"];
	        this.registryDate = source["registryDate"];
	        this.reason = source["reason"];
	        this.device = source["device"];
	    }
	}
	
	
	export class DraftInput {
	    id: string;
	    cardId: string;
	    step: string;
	    clientId: string;
	    client: cases.Client;
	    answers: Record<string, any>;
	    checklist: cases.Item[];
	    confirmedDate: string;
	
	    static createFrom(source: any = {}) {
	        return new DraftInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.cardId = source["cardId"];
	        this.step = source["step"];
	        this.clientId = source["clientId"];
	        this.client = this.convertValues(source["client"], cases.Client);
	        this.answers = source["answers"];
	        this.checklist = this.convertValues(source["checklist"], cases.Item);
	        this.confirmedDate = source["confirmedDate"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FieldText {
	    label: string;
	    help: string;
	    example: string;
	
	    static createFrom(source: any = {}) {
	        return new FieldText(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.help = source["help"];
	        this.example = source["example"];
	    }
	}
	export class FormField {
	    name: string;
	    label: string;
	    help: string;
	    example: any;
	    widget: string;
	    type: string;
	    format: string;
	    enum: string[];
	    required: boolean;
	    maxLength: number;
	    section: string;
	    when?: catalog.Condition;
	    fromClient: string;
	    tr: Record<string, FieldText>;
	
	    static createFrom(source: any = {}) {
	        return new FormField(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.label = source["label"];
	        this.help = source["help"];
	        this.example = source["example"];
	        this.widget = source["widget"];
	        this.type = source["type"];
	        this.format = source["format"];
	        this.enum = source["enum"];
	        this.required = source["required"];
	        this.maxLength = source["maxLength"];
	        this.section = source["section"];
	        this.when = this.convertValues(source["when"], catalog.Condition);
	        this.fromClient = source["fromClient"];
	        this.tr = this.convertValues(source["tr"], FieldText, true);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FormSpec {
	    cardId: string;
	    title: string;
	    fields: FormField[];
	
	    static createFrom(source: any = {}) {
	        return new FormSpec(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.cardId = source["cardId"];
	        this.title = source["title"];
	        this.fields = this.convertValues(source["fields"], FormField);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DraftOpen {
	    draft: DraftInput;
	    card: CardDetail;
	    form: FormSpec;
	    clientLimits: Record<string, number>;
	
	    static createFrom(source: any = {}) {
	        return new DraftOpen(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.draft = this.convertValues(source["draft"], DraftInput);
	        this.card = this.convertValues(source["card"], CardDetail);
	        this.form = this.convertValues(source["form"], FormSpec);
	        this.clientLimits = source["clientLimits"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DraftSaved {
	    id: string;
	    savedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new DraftSaved(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.savedAt = source["savedAt"];
	    }
	}
	export class DraftSummary {
	    id: string;
	    cardTitle: string;
	    initials: string;
	    savedAt: string;
	    step: string;
	
	    static createFrom(source: any = {}) {
	        return new DraftSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.cardTitle = source["cardTitle"];
	        this.initials = source["initials"];
	        this.savedAt = source["savedAt"];
	        this.step = source["step"];
	    }
	}
	
	
	export class FieldProblem {
	    field: string;
	    key: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new FieldProblem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.field = source["field"];
	        this.key = source["key"];
	        this.message = source["message"];
	    }
	}
	
	
	
	export class IODInfo {
	    name: string;
	    email: string;
	    address: string;
	
	    static createFrom(source: any = {}) {
	        return new IODInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.email = source["email"];
	        this.address = source["address"];
	    }
	}
	export class ImportProblem {
	    card: string;
	    path: string;
	    key: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new ImportProblem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.card = source["card"];
	        this.path = source["path"];
	        this.key = source["key"];
	        this.message = source["message"];
	    }
	}
	export class ImportReport {
	    ok: boolean;
	    added: string[];
	    unchanged: number;
	    problems: ImportProblem[];
	
	    static createFrom(source: any = {}) {
	        return new ImportReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.added = source["added"];
	        this.unchanged = source["unchanged"];
	        this.problems = this.convertValues(source["problems"], ImportProblem);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class IntakeCheck {
	    client: FieldProblem[];
	    form: FieldProblem[];
	    checklist: ChecklistLine[];
	    complete: boolean;
	    missing: string[];
	    duplicates: ClientHit[];
	    submittedOn: string;
	    dueText: string;
	    supplementDue: string;
	    canRegister: boolean;
	    confirmDate: boolean;
	    confirmWhy: string;
	    today: string;
	
	    static createFrom(source: any = {}) {
	        return new IntakeCheck(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.client = this.convertValues(source["client"], FieldProblem);
	        this.form = this.convertValues(source["form"], FieldProblem);
	        this.checklist = this.convertValues(source["checklist"], ChecklistLine);
	        this.complete = source["complete"];
	        this.missing = source["missing"];
	        this.duplicates = this.convertValues(source["duplicates"], ClientHit);
	        this.submittedOn = source["submittedOn"];
	        this.dueText = source["dueText"];
	        this.supplementDue = source["supplementDue"];
	        this.canRegister = source["canRegister"];
	        this.confirmDate = source["confirmDate"];
	        this.confirmWhy = source["confirmWhy"];
	        this.today = source["today"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class InterpreterResult {
	    case: CaseDetail;
	    warning: string;
	
	    static createFrom(source: any = {}) {
	        return new InterpreterResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.case = this.convertValues(source["case"], CaseDetail);
	        this.warning = source["warning"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class KeyStatus {
	    state: string;
	    recovery: boolean;
	    enrolled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new KeyStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.recovery = source["recovery"];
	        this.enrolled = source["enrolled"];
	    }
	}
	export class LetterAnswerInput {
	    id: string;
	    day: string;
	    time: string;
	    channel: string;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new LetterAnswerInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.day = source["day"];
	        this.time = source["time"];
	        this.channel = source["channel"];
	        this.note = source["note"];
	    }
	}
	export class LetterCountsDTO {
	    from: string;
	    to: string;
	    received: number;
	    answered: number;
	    answeredLate: number;
	    overdue: number;
	
	    static createFrom(source: any = {}) {
	        return new LetterCountsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.received = source["received"];
	        this.answered = source["answered"];
	        this.answeredLate = source["answeredLate"];
	        this.overdue = source["overdue"];
	    }
	}
	export class LetterDetail {
	    id: string;
	    no: number;
	    received: string;
	    channel: string;
	    channelText: string;
	    sender: string;
	    senderAddress: string;
	    subject: string;
	    assigneeId: string;
	    assignee: string;
	    caseId: string;
	    caseSign: string;
	    rule: string;
	    ruleText: string;
	    due: string;
	    state: string;
	    stateText: string;
	    answered: string;
	    answerChannel: string;
	    answeredBy: string;
	    note: string;
	    mine: boolean;
	    assignedBy: string;
	    assigned: string;
	    mayReassign: boolean;
	
	    static createFrom(source: any = {}) {
	        return new LetterDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.no = source["no"];
	        this.received = source["received"];
	        this.channel = source["channel"];
	        this.channelText = source["channelText"];
	        this.sender = source["sender"];
	        this.senderAddress = source["senderAddress"];
	        this.subject = source["subject"];
	        this.assigneeId = source["assigneeId"];
	        this.assignee = source["assignee"];
	        this.caseId = source["caseId"];
	        this.caseSign = source["caseSign"];
	        this.rule = source["rule"];
	        this.ruleText = source["ruleText"];
	        this.due = source["due"];
	        this.state = source["state"];
	        this.stateText = source["stateText"];
	        this.answered = source["answered"];
	        this.answerChannel = source["answerChannel"];
	        this.answeredBy = source["answeredBy"];
	        this.note = source["note"];
	        this.mine = source["mine"];
	        this.assignedBy = source["assignedBy"];
	        this.assigned = source["assigned"];
	        this.mayReassign = source["mayReassign"];
	    }
	}
	export class LetterFilter {
	    year: number;
	    show: string;
	
	    static createFrom(source: any = {}) {
	        return new LetterFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.year = source["year"];
	        this.show = source["show"];
	    }
	}
	export class LetterInput {
	    day: string;
	    time: string;
	    channel: string;
	    sender: string;
	    senderAddress: string;
	    subject: string;
	    assigneeId: string;
	    caseSign: string;
	    rule: string;
	
	    static createFrom(source: any = {}) {
	        return new LetterInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.day = source["day"];
	        this.time = source["time"];
	        this.channel = source["channel"];
	        this.sender = source["sender"];
	        this.senderAddress = source["senderAddress"];
	        this.subject = source["subject"];
	        this.assigneeId = source["assigneeId"];
	        this.caseSign = source["caseSign"];
	        this.rule = source["rule"];
	    }
	}
	export class LetterReassignInput {
	    id: string;
	    assigneeId: string;
	
	    static createFrom(source: any = {}) {
	        return new LetterReassignInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.assigneeId = source["assigneeId"];
	    }
	}
	export class LetterRow {
	    id: string;
	    no: number;
	    received: string;
	    channel: string;
	    channelText: string;
	    sender: string;
	    senderAddress: string;
	    subject: string;
	    assigneeId: string;
	    assignee: string;
	    caseId: string;
	    caseSign: string;
	    rule: string;
	    ruleText: string;
	    due: string;
	    state: string;
	    stateText: string;
	    answered: string;
	    answerChannel: string;
	    answeredBy: string;
	    note: string;
	    mine: boolean;
	    assignedBy: string;
	    assigned: string;
	    mayReassign: boolean;
	
	    static createFrom(source: any = {}) {
	        return new LetterRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.no = source["no"];
	        this.received = source["received"];
	        this.channel = source["channel"];
	        this.channelText = source["channelText"];
	        this.sender = source["sender"];
	        this.senderAddress = source["senderAddress"];
	        this.subject = source["subject"];
	        this.assigneeId = source["assigneeId"];
	        this.assignee = source["assignee"];
	        this.caseId = source["caseId"];
	        this.caseSign = source["caseSign"];
	        this.rule = source["rule"];
	        this.ruleText = source["ruleText"];
	        this.due = source["due"];
	        this.state = source["state"];
	        this.stateText = source["stateText"];
	        this.answered = source["answered"];
	        this.answerChannel = source["answerChannel"];
	        this.answeredBy = source["answeredBy"];
	        this.note = source["note"];
	        this.mine = source["mine"];
	        this.assignedBy = source["assignedBy"];
	        this.assigned = source["assigned"];
	        this.mayReassign = source["mayReassign"];
	    }
	}
	export class NoticeResult {
	    case: CaseDetail;
	    printout: Printout;
	
	    static createFrom(source: any = {}) {
	        return new NoticeResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.case = this.convertValues(source["case"], CaseDetail);
	        this.printout = this.convertValues(source["printout"], Printout);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class OfficeDayDTO {
	    day: string;
	
	    static createFrom(source: any = {}) {
	        return new OfficeDayDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.day = source["day"];
	    }
	}
	export class OfficeInfo {
	    name: string;
	    address: string;
	    phone: string;
	    email: string;
	    epuap: string;
	    website: string;
	    feeAccount: string;
	    feeBank: string;
	    openingHours: string;
	    sample: boolean;
	    units: UnitInfo[];
	    iod: IODInfo;
	
	    static createFrom(source: any = {}) {
	        return new OfficeInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.address = source["address"];
	        this.phone = source["phone"];
	        this.email = source["email"];
	        this.epuap = source["epuap"];
	        this.website = source["website"];
	        this.feeAccount = source["feeAccount"];
	        this.feeBank = source["feeBank"];
	        this.openingHours = source["openingHours"];
	        this.sample = source["sample"];
	        this.units = this.convertValues(source["units"], UnitInfo);
	        this.iod = this.convertValues(source["iod"], IODInfo);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PersonStatus {
	    needed: boolean;
	    confirmed: boolean;
	    pending: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PersonStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.needed = source["needed"];
	        this.confirmed = source["confirmed"];
	        this.pending = source["pending"];
	    }
	}
	export class PresenceEntry {
	    staffId: string;
	    state: string;
	    until: string;
	    late: boolean;
	    standInId: string;
	    standIn: string;
	    note: string;
	    text: string;
	    mine: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PresenceEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.staffId = source["staffId"];
	        this.state = source["state"];
	        this.until = source["until"];
	        this.late = source["late"];
	        this.standInId = source["standInId"];
	        this.standIn = source["standIn"];
	        this.note = source["note"];
	        this.text = source["text"];
	        this.mine = source["mine"];
	    }
	}
	export class PresenceInput {
	    until: string;
	    standInId: string;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new PresenceInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.until = source["until"];
	        this.standInId = source["standInId"];
	        this.note = source["note"];
	    }
	}
	export class PresenceSaved {
	    staffId: string;
	    state: string;
	    until: string;
	    late: boolean;
	    standInId: string;
	    standIn: string;
	    note: string;
	    text: string;
	    mine: boolean;
	    offline: boolean;
	    notice: string;
	
	    static createFrom(source: any = {}) {
	        return new PresenceSaved(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.staffId = source["staffId"];
	        this.state = source["state"];
	        this.until = source["until"];
	        this.late = source["late"];
	        this.standInId = source["standInId"];
	        this.standIn = source["standIn"];
	        this.note = source["note"];
	        this.text = source["text"];
	        this.mine = source["mine"];
	        this.offline = source["offline"];
	        this.notice = source["notice"];
	    }
	}
	export class PrintResult {
	    printed: boolean;
	    noPrinter: boolean;
	    printer: string;
	
	    static createFrom(source: any = {}) {
	        return new PrintResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.printed = source["printed"];
	        this.noPrinter = source["noPrinter"];
	        this.printer = source["printer"];
	    }
	}
	export class PrinterSettings {
	    printers: printer.Printer[];
	    a4: string;
	    ticket: string;
	    listError: string;
	
	    static createFrom(source: any = {}) {
	        return new PrinterSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.printers = this.convertValues(source["printers"], printer.Printer);
	        this.a4 = source["a4"];
	        this.ticket = source["ticket"];
	        this.listError = source["listError"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class PrintoutView {
	    path: string;
	    name: string;
	    data: string;
	    saveable: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PrintoutView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.name = source["name"];
	        this.data = source["data"];
	        this.saveable = source["saveable"];
	    }
	}
	export class QuarantinedOp {
	    opId: string;
	    what: string;
	    reason: string;
	    explained: string;
	    at: string;
	
	    static createFrom(source: any = {}) {
	        return new QuarantinedOp(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.opId = source["opId"];
	        this.what = source["what"];
	        this.reason = source["reason"];
	        this.explained = source["explained"];
	        this.at = source["at"];
	    }
	}
	export class QueueCallView {
	    label: string;
	    counter: string;
	    at: string;
	
	    static createFrom(source: any = {}) {
	        return new QueueCallView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.counter = source["counter"];
	        this.at = source["at"];
	    }
	}
	export class QueueCounter {
	    name: string;
	    groups: string[];
	    prefix: string;
	
	    static createFrom(source: any = {}) {
	        return new QueueCounter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.groups = source["groups"];
	        this.prefix = source["prefix"];
	    }
	}
	export class QueueGroupView {
	    code: string;
	    name: string;
	    waiting: number;
	    priority: number;
	    serves: boolean;
	
	    static createFrom(source: any = {}) {
	        return new QueueGroupView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.name = source["name"];
	        this.waiting = source["waiting"];
	        this.priority = source["priority"];
	        this.serves = source["serves"];
	    }
	}
	export class QueueTicketView {
	    id: string;
	    label: string;
	    group: string;
	    groupName: string;
	    number: number;
	    priority: boolean;
	    status: string;
	    counter: string;
	    issuedAt: string;
	    ahead: number;
	    offline: boolean;
	    caseId: string;
	    waitMin: number;
	
	    static createFrom(source: any = {}) {
	        return new QueueTicketView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.label = source["label"];
	        this.group = source["group"];
	        this.groupName = source["groupName"];
	        this.number = source["number"];
	        this.priority = source["priority"];
	        this.status = source["status"];
	        this.counter = source["counter"];
	        this.issuedAt = source["issuedAt"];
	        this.ahead = source["ahead"];
	        this.offline = source["offline"];
	        this.caseId = source["caseId"];
	        this.waitMin = source["waitMin"];
	    }
	}
	export class QueueIssued {
	    ticket: QueueTicketView;
	    printout: Printout;
	    printer: string;
	    printError: string;
	
	    static createFrom(source: any = {}) {
	        return new QueueIssued(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ticket = this.convertValues(source["ticket"], QueueTicketView);
	        this.printout = this.convertValues(source["printout"], Printout);
	        this.printer = source["printer"];
	        this.printError = source["printError"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class QueueStateView {
	    day: string;
	    groups: QueueGroupView[];
	    waiting: number;
	    longestWaitMin: number;
	    maxWaitMin: number;
	    warn: boolean;
	    current?: QueueTicketView;
	    counter: QueueCounter;
	    shared: boolean;
	    online: boolean;
	    offlineWaiting: number;
	    calls: QueueCallView[];
	
	    static createFrom(source: any = {}) {
	        return new QueueStateView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.day = source["day"];
	        this.groups = this.convertValues(source["groups"], QueueGroupView);
	        this.waiting = source["waiting"];
	        this.longestWaitMin = source["longestWaitMin"];
	        this.maxWaitMin = source["maxWaitMin"];
	        this.warn = source["warn"];
	        this.current = this.convertValues(source["current"], QueueTicketView);
	        this.counter = this.convertValues(source["counter"], QueueCounter);
	        this.shared = source["shared"];
	        this.online = source["online"];
	        this.offlineWaiting = source["offlineWaiting"];
	        this.calls = this.convertValues(source["calls"], QueueCallView);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ReasonOption {
	    code: string;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new ReasonOption(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.text = source["text"];
	    }
	}
	export class RecoveryView {
	    code: string;
	
	    static createFrom(source: any = {}) {
	        return new RecoveryView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	    }
	}
	export class RegisterResult {
	    ok: boolean;
	    problems: FieldProblem[];
	    caseId: string;
	    sign: string;
	    provisional: boolean;
	    complete: boolean;
	    dueOn: string;
	    supplementDue: string;
	    receipt: Printout;
	    supplement: Printout;
	    printFailed: boolean;
	    warning: string;
	
	    static createFrom(source: any = {}) {
	        return new RegisterResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.problems = this.convertValues(source["problems"], FieldProblem);
	        this.caseId = source["caseId"];
	        this.sign = source["sign"];
	        this.provisional = source["provisional"];
	        this.complete = source["complete"];
	        this.dueOn = source["dueOn"];
	        this.supplementDue = source["supplementDue"];
	        this.receipt = this.convertValues(source["receipt"], Printout);
	        this.supplement = this.convertValues(source["supplement"], Printout);
	        this.printFailed = source["printFailed"];
	        this.warning = source["warning"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ReportRow {
	    label: string;
	    values: number[];
	
	    static createFrom(source: any = {}) {
	        return new ReportRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.values = source["values"];
	    }
	}
	export class ReportBreakdown {
	    title: string;
	    chart: string;
	    columns: string[];
	    rows: ReportRow[];
	
	    static createFrom(source: any = {}) {
	        return new ReportBreakdown(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.chart = source["chart"];
	        this.columns = source["columns"];
	        this.rows = this.convertValues(source["rows"], ReportRow);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ReportFigure {
	    label: string;
	    value: string;
	    raw: number;
	
	    static createFrom(source: any = {}) {
	        return new ReportFigure(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.value = source["value"];
	        this.raw = source["raw"];
	    }
	}
	export class ReportSection {
	    key: string;
	    title: string;
	    state: string;
	    message: string;
	    note: string;
	    figures: ReportFigure[];
	    breakdowns: ReportBreakdown[];
	
	    static createFrom(source: any = {}) {
	        return new ReportSection(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.title = source["title"];
	        this.state = source["state"];
	        this.message = source["message"];
	        this.note = source["note"];
	        this.figures = this.convertValues(source["figures"], ReportFigure);
	        this.breakdowns = this.convertValues(source["breakdowns"], ReportBreakdown);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ReportDTO {
	    from: string;
	    to: string;
	    heading: string;
	    empty: boolean;
	    partial: boolean;
	    banner: string;
	    sections: ReportSection[];
	
	    static createFrom(source: any = {}) {
	        return new ReportDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.heading = source["heading"];
	        this.empty = source["empty"];
	        this.partial = source["partial"];
	        this.banner = source["banner"];
	        this.sections = this.convertValues(source["sections"], ReportSection);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	
	export class ReprintLine {
	    caseId: string;
	    sign: string;
	    oldSign: string;
	    client: string;
	    finalized: string;
	
	    static createFrom(source: any = {}) {
	        return new ReprintLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.caseId = source["caseId"];
	        this.sign = source["sign"];
	        this.oldSign = source["oldSign"];
	        this.client = source["client"];
	        this.finalized = source["finalized"];
	    }
	}
	export class SavedPrintout {
	    saved: boolean;
	    path: string;
	
	    static createFrom(source: any = {}) {
	        return new SavedPrintout(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.saved = source["saved"];
	        this.path = source["path"];
	    }
	}
	export class Session {
	    state: string;
	    login: string;
	    name: string;
	    role: string;
	    autoLockSeconds: number;
	    mustChangePassword: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Session(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.login = source["login"];
	        this.name = source["name"];
	        this.role = source["role"];
	        this.autoLockSeconds = source["autoLockSeconds"];
	        this.mustChangePassword = source["mustChangePassword"];
	    }
	}
	export class Settings {
	    autoLockMinutes: number;
	    canEdit: boolean;
	    enrolled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.autoLockMinutes = source["autoLockMinutes"];
	        this.canEdit = source["canEdit"];
	        this.enrolled = source["enrolled"];
	    }
	}
	
	
	export class SurveyInput {
	    scores: Record<string, number>;
	    remark: string;
	    lang: string;
	    day: string;
	
	    static createFrom(source: any = {}) {
	        return new SurveyInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scores = source["scores"];
	        this.remark = source["remark"];
	        this.lang = source["lang"];
	        this.day = source["day"];
	    }
	}
	export class SurveyQuestionDTO {
	    question: string;
	    text: string;
	    count: number;
	    mean: number;
	    byScore: number[];
	
	    static createFrom(source: any = {}) {
	        return new SurveyQuestionDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.question = source["question"];
	        this.text = source["text"];
	        this.count = source["count"];
	        this.mean = source["mean"];
	        this.byScore = source["byScore"];
	    }
	}
	export class SurveySaved {
	    id: string;
	
	    static createFrom(source: any = {}) {
	        return new SurveySaved(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	    }
	}
	export class SurveySummaryDTO {
	    from: string;
	    to: string;
	    answers: number;
	    remarks: number;
	    screen: number;
	    tablet: number;
	    paper: number;
	    questions: SurveyQuestionDTO[];
	    empty: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SurveySummaryDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.answers = source["answers"];
	        this.remarks = source["remarks"];
	        this.screen = source["screen"];
	        this.tablet = source["tablet"];
	        this.paper = source["paper"];
	        this.questions = this.convertValues(source["questions"], SurveyQuestionDTO);
	        this.empty = source["empty"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SyncStatus {
	    available: boolean;
	    enrolled: boolean;
	    online: boolean;
	    untrusted: boolean;
	    unavailable: boolean;
	    syncing: boolean;
	    revoked: boolean;
	    registryUrl: string;
	    lastSync: string;
	    pending: number;
	    pendingAudit: number;
	    quarantined: number;
	    skipped: number;
	    provisional: number;
	    reprintDue: number;
	    error: string;
	    hasOffice: boolean;
	    initial: string;
	    presetRegistry: string;
	    clock: ClockView;
	
	    static createFrom(source: any = {}) {
	        return new SyncStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.available = source["available"];
	        this.enrolled = source["enrolled"];
	        this.online = source["online"];
	        this.untrusted = source["untrusted"];
	        this.unavailable = source["unavailable"];
	        this.syncing = source["syncing"];
	        this.revoked = source["revoked"];
	        this.registryUrl = source["registryUrl"];
	        this.lastSync = source["lastSync"];
	        this.pending = source["pending"];
	        this.pendingAudit = source["pendingAudit"];
	        this.quarantined = source["quarantined"];
	        this.skipped = source["skipped"];
	        this.provisional = source["provisional"];
	        this.reprintDue = source["reprintDue"];
	        this.error = source["error"];
	        this.hasOffice = source["hasOffice"];
	        this.initial = source["initial"];
	        this.presetRegistry = source["presetRegistry"];
	        this.clock = this.convertValues(source["clock"], ClockView);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SystemInfo {
	    version: string;
	    dataDir: string;
	    deviceId: string;
	    officeName: string;
	    sample: boolean;
	    pendingOps: number;
	
	    static createFrom(source: any = {}) {
	        return new SystemInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.dataDir = source["dataDir"];
	        this.deviceId = source["deviceId"];
	        this.officeName = source["officeName"];
	        this.sample = source["sample"];
	        this.pendingOps = source["pendingOps"];
	    }
	}
	export class TodayLine {
	    n: number;
	    kind: string;
	    id: string;
	    caseId: string;
	    text: string;
	    when: string;
	    overdue: boolean;
	
	    static createFrom(source: any = {}) {
	        return new TodayLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.n = source["n"];
	        this.kind = source["kind"];
	        this.id = source["id"];
	        this.caseId = source["caseId"];
	        this.text = source["text"];
	        this.when = source["when"];
	        this.overdue = source["overdue"];
	    }
	}
	export class TodayDTO {
	    day: string;
	    heading: string;
	    items: TodayLine[];
	    partial: boolean;
	
	    static createFrom(source: any = {}) {
	        return new TodayDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.day = source["day"];
	        this.heading = source["heading"];
	        this.items = this.convertValues(source["items"], TodayLine);
	        this.partial = source["partial"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class VisitAssignInput {
	    assigneeId: string;
	    day: string;
	    time: string;
	
	    static createFrom(source: any = {}) {
	        return new VisitAssignInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.assigneeId = source["assigneeId"];
	        this.day = source["day"];
	        this.time = source["time"];
	    }
	}
	export class VisitAuthInput {
	    validFrom: string;
	    validUntil: string;
	
	    static createFrom(source: any = {}) {
	        return new VisitAuthInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.validFrom = source["validFrom"];
	        this.validUntil = source["validUntil"];
	    }
	}
	export class VisitAuthRow {
	    id: string;
	    number: string;
	    visitId: string;
	    staff: string;
	    unit: string;
	    validFrom: string;
	    validUntil: string;
	    valid: string;
	    issuedBy: string;
	    state: string;
	
	    static createFrom(source: any = {}) {
	        return new VisitAuthRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.visitId = source["visitId"];
	        this.staff = source["staff"];
	        this.unit = source["unit"];
	        this.validFrom = source["validFrom"];
	        this.validUntil = source["validUntil"];
	        this.valid = source["valid"];
	        this.issuedBy = source["issuedBy"];
	        this.state = source["state"];
	    }
	}
	export class VisitChoice {
	    id: string;
	    name: string;
	    unitId: string;
	
	    static createFrom(source: any = {}) {
	        return new VisitChoice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.unitId = source["unitId"];
	    }
	}
	export class VisitChoices {
	    units: VisitChoice[];
	    cards: VisitChoice[];
	    staff: VisitChoice[];
	
	    static createFrom(source: any = {}) {
	        return new VisitChoices(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.units = this.convertValues(source["units"], VisitChoice);
	        this.cards = this.convertValues(source["cards"], VisitChoice);
	        this.staff = this.convertValues(source["staff"], VisitChoice);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class VisitDetail {
	    id: string;
	    client: string;
	    matter: string;
	    unitId: string;
	    unit: string;
	    status: string;
	    day: string;
	    time: string;
	    when: string;
	    assigneeId: string;
	    assignee: string;
	    phone: string;
	    caseId: string;
	    overdue: boolean;
	    mayAssign: boolean;
	    requester: string;
	    address: string;
	    fullPhone: string;
	    reason: string;
	    preferred: string;
	    channel: string;
	    cardId: string;
	    cardTitle: string;
	    bring: string[];
	    note: string;
	    receipt: string;
	    earliest: string;
	    earliestText: string;
	    authorizations: VisitAuthRow[];
	    authValidToday: boolean;
	
	    static createFrom(source: any = {}) {
	        return new VisitDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.client = source["client"];
	        this.matter = source["matter"];
	        this.unitId = source["unitId"];
	        this.unit = source["unit"];
	        this.status = source["status"];
	        this.day = source["day"];
	        this.time = source["time"];
	        this.when = source["when"];
	        this.assigneeId = source["assigneeId"];
	        this.assignee = source["assignee"];
	        this.phone = source["phone"];
	        this.caseId = source["caseId"];
	        this.overdue = source["overdue"];
	        this.mayAssign = source["mayAssign"];
	        this.requester = source["requester"];
	        this.address = source["address"];
	        this.fullPhone = source["fullPhone"];
	        this.reason = source["reason"];
	        this.preferred = source["preferred"];
	        this.channel = source["channel"];
	        this.cardId = source["cardId"];
	        this.cardTitle = source["cardTitle"];
	        this.bring = source["bring"];
	        this.note = source["note"];
	        this.receipt = source["receipt"];
	        this.earliest = source["earliest"];
	        this.earliestText = source["earliestText"];
	        this.authorizations = this.convertValues(source["authorizations"], VisitAuthRow);
	        this.authValidToday = source["authValidToday"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class VisitFilter {
	    show: string;
	
	    static createFrom(source: any = {}) {
	        return new VisitFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.show = source["show"];
	    }
	}
	export class VisitReportInput {
	    outcome: string;
	    note: string;
	    receipt: string;
	
	    static createFrom(source: any = {}) {
	        return new VisitReportInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.outcome = source["outcome"];
	        this.note = source["note"];
	        this.receipt = source["receipt"];
	    }
	}
	export class VisitRequestInput {
	    channel: string;
	    requester: string;
	    client: string;
	    address: string;
	    phone: string;
	    unitId: string;
	    cardId: string;
	    matter: string;
	    reason: string;
	    preferred: string;
	
	    static createFrom(source: any = {}) {
	        return new VisitRequestInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.channel = source["channel"];
	        this.requester = source["requester"];
	        this.client = source["client"];
	        this.address = source["address"];
	        this.phone = source["phone"];
	        this.unitId = source["unitId"];
	        this.cardId = source["cardId"];
	        this.matter = source["matter"];
	        this.reason = source["reason"];
	        this.preferred = source["preferred"];
	    }
	}
	export class VisitRow {
	    id: string;
	    client: string;
	    matter: string;
	    unitId: string;
	    unit: string;
	    status: string;
	    day: string;
	    time: string;
	    when: string;
	    assigneeId: string;
	    assignee: string;
	    phone: string;
	    caseId: string;
	    overdue: boolean;
	    mayAssign: boolean;
	
	    static createFrom(source: any = {}) {
	        return new VisitRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.client = source["client"];
	        this.matter = source["matter"];
	        this.unitId = source["unitId"];
	        this.unit = source["unit"];
	        this.status = source["status"];
	        this.day = source["day"];
	        this.time = source["time"];
	        this.when = source["when"];
	        this.assigneeId = source["assigneeId"];
	        this.assignee = source["assignee"];
	        this.phone = source["phone"];
	        this.caseId = source["caseId"];
	        this.overdue = source["overdue"];
	        this.mayAssign = source["mayAssign"];
	    }
	}

}

export namespace cases {
	
	export class Client {
	    id: string;
	    kind: string;
	    firstName: string;
	    lastName: string;
	    businessName: string;
	    pesel: string;
	    nip: string;
	    regon: string;
	    birthDate: string;
	    sex: string;
	    citizenship: string;
	    docType: string;
	    docNumber: string;
	    docCountry: string;
	    street: string;
	    houseNo: string;
	    flatNo: string;
	    postalCode: string;
	    city: string;
	    phone: string;
	    email: string;
	    lang: string;
	
	    static createFrom(source: any = {}) {
	        return new Client(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.firstName = source["firstName"];
	        this.lastName = source["lastName"];
	        this.businessName = source["businessName"];
	        this.pesel = source["pesel"];
	        this.nip = source["nip"];
	        this.regon = source["regon"];
	        this.birthDate = source["birthDate"];
	        this.sex = source["sex"];
	        this.citizenship = source["citizenship"];
	        this.docType = source["docType"];
	        this.docNumber = source["docNumber"];
	        this.docCountry = source["docCountry"];
	        this.street = source["street"];
	        this.houseNo = source["houseNo"];
	        this.flatNo = source["flatNo"];
	        this.postalCode = source["postalCode"];
	        this.city = source["city"];
	        this.phone = source["phone"];
	        this.email = source["email"];
	        this.lang = source["lang"];
	    }
	}
	export class Item {
	    docId: string;
	    name: string;
	    presentation: string;
	    required: boolean;
	    applies: boolean;
	    check?: string;
	    mustBeValid?: boolean;
	    mark: string;
	    number?: string;
	    validUntil?: string;
	
	    static createFrom(source: any = {}) {
	        return new Item(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.docId = source["docId"];
	        this.name = source["name"];
	        this.presentation = source["presentation"];
	        this.required = source["required"];
	        this.applies = source["applies"];
	        this.check = source["check"];
	        this.mustBeValid = source["mustBeValid"];
	        this.mark = source["mark"];
	        this.number = source["number"];
	        this.validUntil = source["validUntil"];
	    }
	}

}

export namespace catalog {
	
	export class Condition {
	    field: string;
	    equals?: any;
	    in?: any[];
	    filled?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Condition(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.field = source["field"];
	        this.equals = source["equals"];
	        this.in = source["in"];
	        this.filled = source["filled"];
	    }
	}

}

export namespace printer {
	
	export class Printer {
	    name: string;
	    default: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Printer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.default = source["default"];
	    }
	}

}

