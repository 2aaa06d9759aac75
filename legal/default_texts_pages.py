"""The default terms of use, accessibility statement and contact page, in Korean and English
(legal.defaults writes them as version 1)."""

TERMS_KO = """\
## 제1조 (목적)

이 약관은 서울바이오허브 오픈이노베이션 사무국(이하 "사무국")이 운영하는 누리집(이하 \
"서비스")의 이용 조건과 절차, 사무국과 회원의 권리·의무를 정합니다.

## 제2조 (서비스)

서비스는 챌린지 공고와 지원, 심사, 코칭 예약, 세미나 신청, 파트너링 오피스 회의실 예약과 \
상담 신청을 제공합니다. 서비스 이용료는 없습니다.

## 제3조 (회원 가입)

1. 회원 가입은 이 약관과 개인정보 수집·이용에 동의하고 이메일 주소를 확인하면 완료됩니다.
2. 다른 사람의 정보로 가입하거나 거짓 정보를 적으면 이용이 제한될 수 있습니다.

## 제4조 (회원의 의무)

1. 회원은 자신의 비밀번호를 안전하게 관리해야 합니다.
2. 회원은 지원서와 첨부 서류에 사실만 적어야 하며, 다른 사람의 권리를 침해하는 자료를 \
   올려서는 안 됩니다.
3. 회원은 서비스의 정상적인 운영을 방해해서는 안 됩니다.

## 제5조 (지원서와 자료의 권리)

1. 지원서와 첨부 서류의 권리는 지원자에게 있습니다.
2. 사무국과 심사위원, BMS는 지원서를 심사와 프로그램 운영에만 쓰며, 비밀을 지킵니다.
3. 사무국은 선정 결과와 기업 이름 등 지원자가 공개에 동의한 정보만 공개합니다.

## 제6조 (서비스의 변경과 중단)

사무국은 점검, 장애, 프로그램 일정 변경 등으로 서비스를 바꾸거나 잠시 중단할 수 있으며, \
미리 누리집에 알립니다. 공고의 마감 일시는 공고문에 따릅니다.

## 제7조 (회원 탈퇴와 이용 제한)

회원은 언제든지 사무국에 탈퇴를 요청할 수 있습니다. 회원이 이 약관을 어기면 사무국은 \
사유를 알리고 이용을 제한할 수 있습니다.

## 제8조 (책임의 제한)

사무국은 천재지변 등 불가항력이나 회원의 귀책 사유로 생긴 손해에 책임을 지지 않습니다. \
선정과 지원금 지급은 공고문과 협약서에 따릅니다.

## 제9조 (분쟁 해결)

이 약관은 대한민국 법에 따르며, 분쟁은 서로 협의해 해결하고, 협의가 되지 않으면 \
「민사소송법」에 따른 관할 법원에서 해결합니다.

## 부칙

이 약관은 2026년 12월 1일부터 시행합니다.
"""

TERMS_EN = """\
## Article 1 (Purpose)

These terms set out how the website run by the Seoul BioHub Open Innovation programme office \
(the "office") may be used (the "service"), and the rights and duties of the office and its members.

## Article 2 (The service)

The service offers challenge calls and applications, review, coaching bookings, seminar \
registration, and meeting-room bookings and consultation requests at the partnering office. \
It is free of charge.

## Article 3 (Signing up)

1. You become a member when you agree to these terms and to the collection and use of \
   personal information, and confirm your email address.
2. Signing up with another person's details or with false details may lead to restricted use.

## Article 4 (Members' duties)

1. Keep your password safe.
2. Write only what is true in applications and their documents, and upload nothing that \
   infringes another person's rights.
3. Do not disturb the running of the service.

## Article 5 (Rights in applications)

1. Applications and their documents remain the applicant's.
2. The office, the reviewers and BMS use applications only for review and for running the \
   programme, and keep them confidential.
3. The office makes public only the results and the details an applicant agreed to publish, \
   such as the company name.

## Article 6 (Changes and interruptions)

The office may change or briefly interrupt the service for maintenance, faults or changes to the \
programme's schedule, and announces this on the website beforehand. A call's deadline is the \
one in its announcement.

## Article 7 (Leaving and restrictions)

You may ask the office to close your account at any time. If a member breaks these terms, the \
office may restrict their use after telling them why.

## Article 8 (Limits of liability)

The office is not liable for damage caused by force majeure or by the member's own fault. \
Selection and grants follow the call's announcement and the grant agreement.

## Article 9 (Disputes)

These terms are governed by the law of the Republic of Korea. Disputes are settled by \
discussion first and, failing that, by the competent court under the Civil Procedure Act.

## In force

These terms are in force from 1 December 2026.
"""

ACCESSIBILITY_KO = """\
사무국은 장애가 있는 분, 고령자, 휴대전화로 접속하는 분 등 누구나 이 누리집을 쓸 수 있도록 \
노력합니다.

## 준수 기준

「한국형 웹 콘텐츠 접근성 지침(KWCAG) 2.2」와 국제 표준 WCAG 2.1 AA 수준을 기준으로 합니다.

## 점검 방법

- 모든 공개 페이지와 지원서의 각 단계를 한국어와 영어로 자동 점검 도구(axe-core)로 검사합니다.
- 키보드만으로 모든 기능을 쓸 수 있는지, 360px 너비의 휴대전화에서 내용이 잘리지 않는지 확인합니다.
- 오류 메시지는 화면 위쪽 요약과 입력 칸 옆에 함께 보여 줍니다.

## 알려진 한계

- 지원자와 파트너 기업이 올린 PDF 등 첨부 파일은 접근성을 보장하지 못할 수 있습니다. 필요하면 \
  사무국에 다른 형식을 요청해 주세요.
- 행사 달력의 월간 보기는 화면 낭독 프로그램에서 목록 보기가 더 편합니다.

## 의견과 문의

접근성 문제를 발견하셨거나 다른 형식의 자료가 필요하시면 '문의하기' 페이지의 이메일이나 \
전화로 알려 주세요. 7일 안에 답변드립니다.

이 정책은 2026년 12월 1일부터 시행합니다.
"""

ACCESSIBILITY_EN = """\
The office works to make this website usable by everyone, including people with disabilities, \
older people and people on mobile phones.

## Standard

We aim to meet the Korean Web Content Accessibility Guidelines (KWCAG) 2.2 and WCAG 2.1 level AA.

## How we check

- Every public page and each step of the application form are tested with an automated tool \
  (axe-core), in Korean and in English.
- We check that everything works with a keyboard alone and that nothing is cut off on a \
  360-pixel-wide phone.
- Errors are listed in a summary at the top of a form and shown beside each field.

## Known limits

- Files uploaded by applicants and partner companies (PDFs and others) may not be accessible. \
  Ask the office if you need another format.
- With a screen reader the events list is easier to use than the month view of the calendar.

## Feedback

If you find an accessibility problem or need information in another format, tell us by the \
email or phone on the Contact page. We answer within seven days.

This statement is in force from 1 December 2026.
"""

CONTACT_KO = """\
## 무엇을 문의할 수 있나요

- 챌린지 공고, 지원 자격, 지원서 작성과 제출
- 선정 이후의 연구지원금, 코칭, 해외 네트워킹
- 세미나·심포지엄 참가 신청
- 파트너링 오피스 회의실과 파트너 기업 상담
- 개인정보 열람·정정·삭제 요구와 접근성 문제

문의하실 때 이름, 기업명, 관련 공고나 지원서 번호를 적어 주시면 더 빨리 답변드릴 수 있습니다. \
이메일은 평일 기준 2일 안에 답변드립니다.

## 오시는 길

서울바이오허브는 홍릉 지역에 있으며, 지하철 1호선·경의중앙선 회기역이 가장 가깝습니다. \
방문하시려면 미리 연락해 주세요.
"""

CONTACT_EN = """\
## What you can ask us about

- Challenge calls, eligibility, writing and submitting an application
- Grants, coaching and overseas networking after selection
- Registering for seminars and symposia
- Meeting rooms at the partnering office and consultations with partner companies
- Seeing, correcting or deleting your personal information, and accessibility problems

Please give your name, your company and the call or application concerned, so that we can \
answer sooner. We answer emails within two working days.

## Finding us

The Seoul Bio Hub is in Hongneung; the nearest subway station is Hoegi (Line 1 and the \
Gyeongui–Jungang Line). Please get in touch before visiting.
"""
