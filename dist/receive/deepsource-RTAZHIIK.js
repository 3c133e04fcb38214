import{o as a}from"./chunk-GD2ESKDY.js";import"./chunk-VMWOPFRQ.js";export{a as reactions};
