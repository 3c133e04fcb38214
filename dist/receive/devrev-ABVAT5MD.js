import{c as a}from"./chunk-VUYHHJBJ.js";import"./chunk-IWXB6DE5.js";export{a as reactions};
