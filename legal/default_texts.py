"""The default privacy policy, in Korean and English (legal.defaults writes it as version 1).

The other pages' default texts are in legal/default_texts_pages.py.
"""

PRIVACY_KO = """\
서울바이오허브 오픈이노베이션 사무국(이하 "사무국")은 서울특별시와 한국보건산업진흥원이 \
운영하는 이 누리집에서 「개인정보 보호법」 제30조에 따라 정보주체의 개인정보를 보호하고 \
관련 고충을 신속하게 처리하기 위해 다음과 같이 개인정보 처리방침을 둡니다.

## 1. 개인정보의 처리 목적

사무국은 다음 목적으로만 개인정보를 처리하며, 목적이 바뀌면 미리 동의를 받습니다.

- 회원 관리: 회원 가입과 본인 확인, 로그인, 알림 발송, 문의 응대
- 챌린지 운영: 지원서 접수, 자격 확인, 심사, 선정 결과 안내, 연구지원금 지급과 관리
- 코칭 운영: 선정 기업과 BMS 코치의 1:1 코칭 일정 관리와 기록
- 행사 운영: 세미나·심포지엄 참가 신청, 대기자 관리, 출석 확인
- 파트너링 오피스: 회의실 예약과 파트너 기업 상담 신청 처리
- 프로그램 소식 발송: 별도로 동의한 분에게만

## 2. 처리하는 개인정보 항목

| 구분 | 항목 |
|---|---|
| 회원 가입(필수) | 이메일 주소, 이름, 비밀번호(복원할 수 없는 형태로 저장), 사용 언어, 시간대 |
| 챌린지 지원(필수) | 대표자와 팀원의 이름·이메일·전화번호·직위·경력, 기업 \
정보(사업자등록번호, 소재지 등), 지원서와 첨부 서류 |
| 코칭·행사·회의실 | 일정, 참석 여부, 상담 요청 내용 |
| 자동 수집 | 접속 기록(IP 주소, 접속 일시), 언어 설정 쿠키, 로그인 세션 쿠키 |

## 3. 보유 및 이용 기간

- 회원 정보: 회원 탈퇴 시까지. 탈퇴 후 30일 안에 파기합니다.
- 지원서와 심사 기록: 챌린지 종료 후 5년
- 연구지원금 지급 기록: 관계 법령(「보조금 관리에 관한 법률」 등)이 정한 기간
- 접속 기록: 1년 (「개인정보의 안전성 확보조치 기준」)
- 프로그램 소식 수신 동의: 동의를 철회하거나 탈퇴할 때까지

## 4. 개인정보의 제3자 제공

사무국은 정보주체가 동의한 경우에만 다음과 같이 개인정보를 제공합니다.

| 받는 자 | 목적 | 항목 | 보유 기간 |
|---|---|---|---|
| Bristol Myers Squibb(BMS)와 그 한국 법인 | 지원서 심사, 선정 기업의 1:1 코칭과 파트너링 | \
지원서와 첨부 서류, 대표자와 팀원의 이름과 \
연락처 | 코칭 프로그램 종료 시까지(최대 3년) |

BMS 코치는 미국(뉴욕), 독일(뮌헨), 중국(상하이)에서 일할 수 있으며, 이 경우 지원서와 코칭 \
기록이 그 나라에서 열람됩니다. 지원서를 제출할 때 이 내용을 따로 알리고 동의를 받습니다.

## 5. 개인정보 처리의 위탁

| 수탁자 | 위탁 업무 |
|---|---|
| 사무국과 계약한 정보시스템 운영사 | 누리집 서버와 데이터베이스 운영, 유지보수 |
| 사무국과 계약한 이메일 발송 서비스 | 알림 이메일 발송 |

수탁자의 이름이 정해지거나 바뀌면 이 방침의 새 버전으로 알립니다. 위탁 계약에는 목적 외 처리 \
금지, 안전성 확보 조치, 재위탁 제한, 손해배상 책임을 정하고 수탁자를 감독합니다.

## 6. 파기 절차와 방법

보유 기간이 끝나거나 처리 목적을 이룬 개인정보는 지체 없이 파기합니다. 전자 파일은 복구할 \
수 없는 방법으로 지우고, 종이 문서는 분쇄하거나 소각합니다. 법령에 따라 더 보관해야 하는 \
정보는 다른 정보와 분리해 보관합니다.

## 7. 정보주체의 권리와 행사 방법

정보주체는 언제든지 자신의 개인정보에 대해 다음 권리를 행사할 수 있습니다.

- 열람 요구 (「개인정보 보호법」 제35조)
- 정정·삭제 요구 (제36조)
- 처리정지 요구와 동의 철회 (제37조)

로그인 후 '프로필'에서 이름, 언어, 시간대를 직접 고칠 수 있습니다. 그 밖의 요구는 사무국 \
이메일이나 전화로 하시면 되며, 사무국은 10일 안에 조치하고 결과를 알려 드립니다. 대리인을 \
통해서도 요구할 수 있으며, 이 경우 위임장을 내야 합니다. 만 14세 미만 아동의 회원 가입은 \
받지 않습니다.

## 8. 안전성 확보 조치

- 관리적 조치: 내부 관리계획 수립, 개인정보 취급자 최소화와 정기 교육
- 기술적 조치: 접근 권한 관리, 관리자의 2단계 인증, 비밀번호 일방향 암호화, 전송 구간 \
  암호화(HTTPS), 접속 기록 보관과 점검, 첨부 서류의 권한 확인 후 제공
- 물리적 조치: 서버와 자료 보관 장소의 출입 통제

## 9. 개인정보 보호책임자

| 구분 | 내용 |
|---|---|
| 개인정보 보호책임자 | 서울바이오허브 오픈이노베이션 사무국장 |
| 연락처 | office@openinnovation.seoulbiohub.kr (전화번호는 [문의하기](/contact/) 페이지에 \
있습니다) |

개인정보 보호와 관련한 문의, 불만, 피해 구제는 개인정보 보호책임자에게 하실 수 있으며, \
사무국은 지체 없이 답변하고 처리합니다.

## 10. 권익침해 구제 방법

개인정보 침해에 대한 상담이나 구제는 다음 기관에도 요청할 수 있습니다.

- 개인정보분쟁조정위원회: 국번 없이 1833-6972 (www.kopico.go.kr)
- 개인정보침해신고센터(한국인터넷진흥원): 국번 없이 118 (privacy.kisa.or.kr)
- 대검찰청: 국번 없이 1301 (www.spo.go.kr)
- 경찰청: 국번 없이 182 (ecrm.police.go.kr)

## 11. 방침의 변경

이 방침은 2026년 12월 1일부터 시행합니다. 내용이 바뀌면 시행 7일 전부터 누리집에 알리며, \
이전 버전은 이 페이지 아래에서 볼 수 있습니다.
"""

PRIVACY_EN = """\
The Seoul BioHub Open Innovation programme office (the "office"), which runs this website for \
the City of Seoul and the Korea Health Industry Development Institute (KHIDI), sets out this \
privacy policy under Article 30 of Korea's Personal Information Protection Act (PIPA) to \
protect your personal information and to deal promptly with any concern about it.

## 1. Why we process personal information

We process personal information only for these purposes, and ask again before using it for \
any other.

- Accounts: signing up, confirming who you are, signing in, notifications, answering questions
- The challenge: receiving applications, checking eligibility, review, results, paying and \
  managing research grants
- Coaching: scheduling and recording 1:1 coaching between selected startups and BMS coaches
- Events: registration for seminars and symposia, waiting lists, check-in
- The partnering office: meeting-room bookings and consultation requests to partner companies
- Programme news: only to people who agreed to receive it

## 2. What we collect

| When | Items |
|---|---|
| Sign-up (required) | Email address, name, password (stored only as a hash), language, time zone |
| Applying to a challenge (required) | Names, emails, phone numbers, positions and careers of \
the founders and team; company details (business registration number, address, ...); the \
application and its documents |
| Coaching, events, rooms | Schedules, attendance, what a consultation request says |
| Collected automatically | Access logs (IP address, time), the language cookie, the sign-in \
session cookie |

## 3. How long we keep it

- Account details: until you close your account; destroyed within 30 days after.
- Applications and review records: five years after the challenge ends
- Grant payment records: as long as the law requires (e.g. the Subsidy Management Act)
- Access logs: one year (Standards for Securing the Safety of Personal Information)
- Consent to programme news: until you withdraw it or close your account

## 4. Provision to third parties

We provide personal information only with your consent, as follows.

| Recipient | Purpose | Items | Kept for |
|---|---|---|---|
| Bristol Myers Squibb (BMS) and its Korean affiliate | Reviewing applications; 1:1 coaching \
and partnering for selected startups | The application and its documents; names and contact \
details of the founders and team | Until the end of the coaching programme (at most three \
years) |

BMS coaches may work in the United States (New York), Germany (Munich) or China (Shanghai), \
where the application and coaching notes are then read. This is explained, and consent asked \
for separately, when you submit an application.

## 5. Processors

| Processor | Work entrusted |
|---|---|
| The IT operator under contract with the office | Running and maintaining the website's \
servers and database |
| The email delivery service under contract with the office | Sending notification emails |

When a processor is named or changes, a new version of this policy says so. Contracts with \
processors forbid use for other purposes, require safety measures, limit sub-processing and \
set liability, and the office supervises them.

## 6. How we destroy it

Personal information is destroyed without delay once its retention period ends or its purpose \
is met: electronic files are deleted so that they cannot be recovered, paper is shredded or \
burned. Information a law requires us to keep longer is stored apart from the rest.

## 7. Your rights and how to use them

You may at any time ask to:

- see your personal information (PIPA Art. 35)
- correct or delete it (Art. 36)
- stop its processing, or withdraw a consent (Art. 37)

When signed in, you can change your name, language and time zone yourself under "Profile". \
For anything else write to or call the office: we act within 10 days and tell you the result. \
Someone may ask on your behalf with a signed power of attorney. Children under 14 cannot sign up.

## 8. How we keep it safe

- Organisational: an internal management plan, as few staff with access as possible, regular \
training
- Technical: access control, two-factor authentication for staff, passwords stored as one-way \
  hashes, encryption in transit (HTTPS), access logs kept and checked, documents released only \
  after a permission check
- Physical: controlled access to servers and records

## 9. Data protection officer

| Role | Details |
|---|---|
| Data protection officer | Head of the Seoul BioHub Open Innovation programme office |
| Contact | office@openinnovation.seoulbiohub.kr (telephone on the [Contact](/contact/) page) |

Questions, complaints and requests for remedy about personal information go to the data \
protection officer, who answers and acts without delay.

## 10. Remedies

You can also ask these bodies for advice or remedy:

- Personal Information Dispute Mediation Committee: 1833-6972 (www.kopico.go.kr)
- Personal Information Infringement Report Center (KISA): 118 (privacy.kisa.or.kr)
- Supreme Prosecutors' Office: 1301 (www.spo.go.kr)
- Korean National Police Agency: 182 (ecrm.police.go.kr)

## 11. Changes

This policy is in force from 1 December 2026. Changes are announced on the website at least \
seven days before they take effect; earlier versions are listed at the foot of this page.
"""
