// The flow language grammar (see docs/language.md for the language as a user
// sees it, and ../shared/spec/LANGUAGE.md for the contract).
//
// Design notes:
// - Statements are self-delimiting by their leading keyword; newlines are
//   insignificant. An expression ends where no operator can continue it.
// - Keywords are reserved only where the grammar needs them: `name` accepts any
//   keyword, so `profile.status` or a list called `default` still work.
// - Many words that look like keywords (weekdays, channels, message fields,
//   account setting names, type names) are plain identifiers here and are
//   validated by the AST builder or the checker, which gives better messages
//   than a grammar error would.
// - Nothing after compiler/parse sees this grammar's generated types.
grammar Flow;

// ---------------------------------------------------------------------------
// Program structure

file : topDecl* EOF ;

topDecl
  : 'import' str                                          # importDecl
  | 'account' '{' accountSetting* '}'                        # accountDecl
  | 'profile' '{' schemaField* '}'                           # profileDecl
  | 'metric' declName '{' schemaField* '}'                   # metricDecl
  | 'list' declName                                          # listDecl
  | 'segment' declName '=' expr                              # segmentDecl
  | channel=messageChannel declName '{' messageField* '}'    # messageDecl
  | 'flow' declName '{' flowItem* '}'                        # flowDecl
  | 'campaign' declName '{' campaignItem* '}'                # campaignDecl
  | 'automation' declName '{' automationItem* '}'            # automationDecl
  ;

// A declared thing is named by an identifier or by a string.
declName : name | str ;

// email, sms, whatsapp are plain identifiers; push is also an account setting.
messageChannel : IDENT | 'push' ;

// Any identifier, including words the grammar uses as keywords elsewhere.
name : IDENT | keyword ;

keyword
  : 'import' | 'account' | 'profile' | 'metric' | 'list' | 'segment' | 'flow'
  | 'campaign' | 'automation' | 'event' | 'trigger' | 'filter' | 'reentry'
  | 'once' | 'always' | 'after' | 'status' | 'timezone' | 'send' | 'as'
  | 'wait' | 'at' | 'until' | 'on' | 'off' | 'if' | 'else' | 'split' | 'set'
  | 'unset' | 'add' | 'to' | 'remove' | 'from' | 'notify' | 'exit' | 'where'
  | 'date' | 'yearly' | 'offset' | 'price_drop' | 'by' | 'within' | 'since'
  | 'flow_start' | 'count' | 'sum' | 'last' | 'in' | 'not' | 'and' | 'or'
  | 'is' | 'true' | 'false' | 'file' | 'path' | 'audience' | 'exclude'
  | 'tags' | 'description' | 'if_passed' | 'channels' | 'keyword' | 'reply'
  | 'save' | 'ask' | 'choices' | 'recommend' | 'when' | 'default'
  | 'reprompt' | 'fallback' | 'max_reprompts' | 'timeout' | 'sender'
  | 'quiet_hours' | 'conversion' | 'value' | 'utm' | 'name' | 'push'
  | 'smart_sending' | 'attribution' | 'exclude_bot_clicks'
  | 'exclude_privacy_opens' | 'double_opt_in' | 'sms_help'
  ;

// ---------------------------------------------------------------------------
// Account settings, one rule each; values are validated by the checker.

accountSetting
  : 'name' str                                            # accountName
  | 'timezone' str                                        # accountTimezone
  | 'sender' channel=name str str?                     # accountSender
  | 'push' onOff                                             # accountPush
  | 'smart_sending' channelWindow+                           # accountSmartSending
  | 'attribution' channelWindow+                             # accountAttribution
  | 'exclude_bot_clicks' onOff                               # accountExcludeBotClicks
  | 'exclude_privacy_opens' onOff                            # accountExcludePrivacyOpens
  | 'utm' onOff ('{' utmParam* '}')?                         # accountUtm
  | 'quiet_hours' channel=name TIME 'to' TIME                # accountQuietHours
  | 'conversion' metricRef 'value' expr                      # accountConversion
  | 'double_opt_in' channel=name onOff                       # accountDoubleOptIn
  | 'sms_help' str                                        # accountSmsHelp
  ;

channelWindow : name DURATION ;
utmParam : name str ;
onOff : 'on' | 'off' ;

// ---------------------------------------------------------------------------
// Schemas: profile properties and metric properties.

schemaField : name ':' typeRef ('=' literal)? ;
typeRef : (name | 'list' '<' typeRef '>') optional='?'? ;

// ---------------------------------------------------------------------------
// Messages: `email NAME { subject "..." body file "x.html" transactional true }`.
// Field names are validated per channel by the checker.

messageField : key=name 'file'? fieldValue+ ;
fieldValue : str | 'true' | 'false' ;

// ---------------------------------------------------------------------------
// Flows

flowItem
  : 'trigger' trigger                                        # flowTrigger
  | 'filter' expr                                            # flowFilter
  | 'reentry' reentryRule                                    # flowReentry
  | 'status' name                                            # flowStatus
  | 'timezone' name                                          # flowTimezone
  | step                                                     # flowStep
  ;

trigger
  : 'list' declName                                          # listTrigger
  | 'segment' declName                                       # segmentTrigger
  | 'metric' metricRef ('where' expr)?                       # metricTrigger
  | 'date' 'profile' '.' name 'yearly'? ('offset' minus='-'? DURATION)? ('at' TIME)?   # dateTrigger
  | 'price_drop' PERCENT 'on' metricRef 'by' expr ('within' DURATION)?                # priceDropTrigger
  ;

reentryRule : 'once' | 'always' | 'after' DURATION ;

// Every step may be named with `as LABEL`, written after the step's head and
// before any block or options. A label is an identifier, so it can never look
// like a generated name (`wait#2`: `#` starts a comment). Labels keep saved
// runs on their step across program edits (docs/language.md, "Step names").
step
  : 'send' channel=name target=declName stepLabel? ('at' dateTime)? sendOptions?   # sendStep
  | 'wait' DURATION ('at' TIME)? days? stepLabel?            # waitForStep
  | 'wait' 'until' TIME days? stepLabel?                     # waitUntilStep
  | 'if' expr stepLabel? block ('else' 'if' expr block)* ('else' block)?   # ifStep
  | 'split' 'on' expr stepLabel? block ('else' block)?       # splitStep
  | 'set' 'profile' '.' name '=' expr stepLabel?             # setStep
  | 'unset' 'profile' '.' name stepLabel?                    # unsetStep
  | 'add' 'to' 'list' declName stepLabel?                    # addToListStep
  | 'remove' 'from' 'list' declName stepLabel?               # removeFromListStep
  | 'notify' str str stepLabel?                              # notifyStep
  | 'exit' stepLabel?                                        # exitStep
  ;

stepLabel : 'as' name ;

block : '{' step* '}' ;

// `on mon..fri`, `on mon, wed, fri`, `on sat`
days : 'on' dayRange (',' dayRange)* ;
dayRange : name ('..' name)? ;

// Per-send options; which apply depends on the place (flow or campaign).
sendOptions : '{' sendOption* '}' ;
sendOption
  : 'status' name                                            # statusOption
  | key=name onOff                                           # toggleOption
  | key=name PERCENT                                         # percentOption
  ;

// ---------------------------------------------------------------------------
// Campaigns

campaignItem
  : 'tags' str (',' str)*                              # campaignTags
  | 'description' str                                     # campaignDescription
  | 'timezone' zone=campaignZone ('if_passed' policy=name)?  # campaignTimezone
  | 'path' declName '{' pathItem* '}'                        # campaignPath
  ;

campaignZone : name | str ;

pathItem
  : 'audience' audienceList ('exclude' audienceList)?        # pathAudience
  | step                                                     # pathStep
  ;

audienceList : declName (',' declName)* ;

dateTime : DATE TIME? ;

// ---------------------------------------------------------------------------
// Keyword automations. Items are parsed in any order; the checker enforces the
// order the product requires (questions, then recommendations or one reply).

automationItem
  : 'channels' name (',' name)*                              # automationChannels
  | 'trigger' 'keyword' str (',' str)*                 # keywordTrigger
  | 'trigger' 'reply' 'to' source=name declName 'keyword' str (',' str)*   # replyTrigger
  | 'save' 'keyword' 'to' 'profile' '.' name                 # saveKeyword
  | 'ask' name str 'choices' str (',' str)* ('save' 'to' 'profile' '.' name)?   # askItem
  | 'recommend' str 'when' expr str                    # recommendWhen
  | 'recommend' 'default' str str                      # recommendDefault
  | 'reprompt' str                                        # repromptItem
  | 'fallback' str                                        # fallbackItem
  | 'max_reprompts' INT                                      # maxRepromptsItem
  | 'timeout' DURATION                                       # timeoutItem
  | 'reply' str                                           # replyItem
  ;

// ---------------------------------------------------------------------------
// Expressions, lowest precedence last (ANTLR gives earlier alternatives of a
// left-recursive rule higher precedence).

expr
  : primary                                                  # primaryExpr
  | '-' expr                                                 # negateExpr
  | expr op=('*' | '/' | '%') expr                           # multiplyExpr
  | expr op=('+' | '-') expr                                 # addExpr
  | expr op=('==' | '!=' | '<' | '<=' | '>' | '>=') expr     # compareExpr
  | expr negated='not'? 'in' kind=('list' | 'segment') declName   # audienceExpr
  | expr negated='not'? 'in' expr                            # inExpr
  | expr 'is' negated='not'? 'set'                           # isSetExpr
  | 'not' expr                                               # notExpr
  | expr 'and' expr                                          # andExpr
  | expr 'or' expr                                           # orExpr
  ;

primary
  : 'count' '(' metricRef ('where' expr)? window? ')'        # countCall
  | 'sum' '(' metricRef '.' name ('where' expr)? window? ')' # sumCall
  | 'last' '(' metricRef ('where' expr)? ')'                 # lastCall
  | funcName '(' (expr (',' expr)*)? ')'                     # call
  | '[' (expr (',' expr)*)? ']'                              # listLiteral
  | '(' expr ')'                                             # parenExpr
  | literal                                                  # literalExpr
  | pathRoot ('.' name)*                                     # pathExpr
  ;

// A path starts with a plain identifier (not any keyword), so that after an
// operator a declaration keyword such as `list` is an error, not an operand.
pathRoot : IDENT | 'profile' | 'event' ;
funcName : IDENT | 'default' ;

window : 'within' DURATION | 'since' 'flow_start' ;

metricRef : name | str ;

// A string literal, plain or triple-quoted.
// An unterminated string is accepted here and reported by the AST builder, so
// one missing quote gives one error instead of a cascade of recovery errors.
str : STRING | TRIPLE_STRING | UNTERMINATED_STRING ;

literal
  : INT | NUMBER | str | TRIPLE_STRING | 'true' | 'false' | DURATION | PERCENT | DATE TIME?
  ;

// Template expressions: the inside of `{{ ... }}`, parsed on its own.
templateExpr : expr templateFilter* EOF ;
templateFilter : '|' name (':' expr)? ;

// A single expression, for tools (tests, the language server).
singleExpr : expr EOF ;

// ---------------------------------------------------------------------------
// Lexer

TRIPLE_STRING : '"""' .*? '"""' ;
STRING : '"' (ESCAPE | ~["\\\r\n])* '"' ;
// Longest match prefers STRING; this only wins when the closing quote is missing.
UNTERMINATED_STRING : '"' (ESCAPE | ~["\\\r\n])* ;
fragment ESCAPE : '\\' . ;

// Longest match makes `2026-11-27` a date, `1d12h` a duration, `09:00` a time.
DATE : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT ;
TIME : DIGIT DIGIT? ':' DIGIT DIGIT ;
DURATION : (DIGIT+ [mhdw])+ ;
PERCENT : DIGIT+ ('.' DIGIT+)? '%' ;
NUMBER : DIGIT+ '.' DIGIT+ ;
INT : DIGIT+ ;
fragment DIGIT : [0-9] ;

IDENT : [A-Za-z_] [A-Za-z0-9_]* ;

// Comments go to the hidden channel: the parser never sees them, the
// formatter (compiler/parse/tokens.h) keeps them.
COMMENT : '#' ~[\r\n]* -> channel(HIDDEN) ;
WS : [ \t\r\n\u000C\u00A0\uFEFF]+ -> skip ;

// Anything else becomes one token the parser rejects with a located error.
UNKNOWN_CHAR : . ;

