import { Global, Module } from '@nestjs/common';
import { SignaturesService } from './signatures.service';

@Global()
@Module({ providers: [SignaturesService], exports: [SignaturesService] })
export class SignaturesModule {}
