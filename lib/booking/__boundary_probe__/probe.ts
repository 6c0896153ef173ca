import type { Patient } from 'fhir/r4';
import { Client } from 'fhir-kit-client';

export type Probe = [Patient, Client];
